import { describe, expect, it } from 'vitest';
import { NEAR_PX, nearestZone, slotKey, type ZoneRect } from './drop-target.js';

const zone = (index: number, top: number, parent: string | null = null, width = 260): ZoneRect => {
  const slot = { parent, branch: 'steps', index };
  return { key: slotKey(slot), slot, left: 0, top, right: width, bottom: top + 22 };
};

describe('nearestZone', () => {
  const zones = [zone(0, 0), zone(1, 100), zone(2, 200)];

  it('picks the zone under or nearest to the pointer', () => {
    expect(nearestZone(zones, 100, 10)?.slot.index).toBe(0);
    expect(nearestZone(zones, 100, 80)?.slot.index).toBe(1);
    expect(nearestZone(zones, 300, 205)?.slot.index).toBe(2);
  });

  it('gives none on open canvas, far from every zone (the drop then goes at the end)', () => {
    expect(nearestZone(zones, 100, 222 + NEAR_PX + 1)).toBeNull();
    expect(nearestZone(zones, 260 + NEAR_PX + 5, 100)).toBeNull();
  });

  it("prefers a lane's zone over the wider zone around its container at the same distance", () => {
    const outer = zone(3, 300, null, 600);
    const inner = zone(0, 300, 'loop-1', 260);
    expect(nearestZone([outer, inner], 100, 305)?.slot.parent).toBe('loop-1');
  });
});
