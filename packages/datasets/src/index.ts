export * from './brian2.js';
