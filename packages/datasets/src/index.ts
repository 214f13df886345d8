export * from './brian2.js';
export * from './idx.js';
export * from './mnist.js';
export * from './wav.js';
export * from './fsdd.js';
export * from './features.js';
export * from './gset.js';
export * from './encoders.js';
