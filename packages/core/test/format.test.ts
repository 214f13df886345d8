import { describe, expect, it } from 'vitest';
import { formatNumber, formatQuantity, rangeText } from '@spinsnn/core';

describe('SI formatting', () => {
  it('puts the SI prefix the value needs and three significant digits (the issue’s two examples)', () => {
    expect(formatQuantity(0.00009999999999999999, 'A')).toBe('100 µA');
    expect(formatQuantity(1.7178459999998786e-9, 'J')).toBe('1.72 nJ');
    expect(formatQuantity(5000, 'Ω')).toBe('5 kΩ');
    expect(formatQuantity(-0.065, 'V')).toBe('-65 mV');
    expect(formatQuantity(2.3e-9, 's')).toBe('2.3 ns');
    expect(formatQuantity(843_000, 'A/m')).toBe('843 kA/m');
    expect(formatQuantity(0, 'J')).toBe('0 J');
    expect(formatQuantity(1e-30, 'J')).toBe('1e-30 J');
  });

  it('leaves dimensionless and compound units unprefixed; whole numbers stay whole', () => {
    expect(formatQuantity(4096, '1')).toBe('4096');
    expect(formatQuantity(0.021, '1')).toBe('0.021');
    expect(formatQuantity(10, 'Ω·µm²')).toBe('10 Ω·µm²');
    expect(formatNumber(1.06e6)).toBe('1.06e+6');
    expect(formatNumber(1 / 3, 4)).toBe('0.3333');
  });

  it('writes parameter ranges with prefixes and without rounding a bound', () => {
    expect(rangeText({ name: 'tau0', unit: 's', default: 1e-9, min: 1e-15, max: 1e-6, description: '' })).toBe('a finite number in [1 fs, 1 µs]');
    expect(rangeText({ name: 'x', unit: 'A', default: 1, min: 0, minExclusive: true, max: 1.234567, description: '' })).toBe(
      'a finite number in (0 A, 1.23457 A]',
    );
    expect(rangeText({ name: 'n', unit: '1', default: 2, min: 2, max: 4096, integer: true, description: '' })).toBe('a whole number in [2, 4096]');
  });
});
