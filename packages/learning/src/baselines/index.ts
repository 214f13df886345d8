export * from './tfjs.js';
export * from './models.js';
export * from './train.js';
export * from './data.js';
export * from './io.js';
