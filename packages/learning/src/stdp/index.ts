export * from './traces.js';
export * from './rule.js';
export * from './joule.js';
