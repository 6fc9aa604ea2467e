import { describe, expect, it } from 'vitest';
import { engineLine } from './catalog.engine-line.js';

describe('engine line', () => {
  it('says the drive the way each language does, keeping figures and technical names', () => {
    expect(engineLine('2.0L CVT 2WD', 'zh-CN')).toBe('2.0L CVT 两驱');
    expect(engineLine('2.0L CVT 2WD', 'fr')).toBe('2.0L CVT 4x2');
    expect(engineLine('2.0L CVT 2WD', 'en')).toBe('2.0L CVT 2WD');
    expect(engineLine('2.5L CVT 4WD', 'zh-CN')).toBe('2.5L CVT 四驱');
    expect(engineLine('2.5L CVT 4WD', 'fr')).toBe('2.5L CVT 4x4');
    expect(engineLine('1.8T EDC7 2WD', 'fr')).toBe('1.8T EDC7 4x2');
  });

  it('spells out an electric car’s battery and range', () => {
    const kze = 'BEV, ~27 kWh, ~250-270 km NEDC, 2WD';
    expect(engineLine(kze, 'zh-CN')).toBe('纯电动，电池约27 kWh，NEDC续航约250-270 km，两驱');
    expect(engineLine(kze, 'fr')).toBe('100 % électrique, batterie env. 27 kWh, autonomie NEDC env. 250-270 km, 4x2');
    expect(engineLine(kze, 'en')).toBe('Electric, ~27 kWh battery, ~250-270 km range (NEDC), 2WD');
    expect(engineLine('BEV, 50 kWh, 400 km CLTC', 'zh-CN')).toBe('纯电动，电池50 kWh，CLTC续航400 km');
  });

  it('shows what it does not know as written', () => {
    expect(engineLine('1.8T DCT7', 'zh-CN')).toBe('1.8T DCT7');
    expect(engineLine('V6 biturbo, 7-speed', 'fr')).toBe('V6 biturbo, 7-speed');
    expect(engineLine('1.5T 混动', 'en')).toBe('1.5T 混动');
  });
});
