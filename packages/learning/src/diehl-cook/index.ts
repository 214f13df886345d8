export * from './neuron.js';
export * from './network.js';
export * from './labels.js';
export * from './checkpoint.js';
export * from './trainer.js';
export * from './experiment.js';
export * from './images.js';
