// Sizes used by the layout. Kept in one place so the canvas components draw boxes of the
// same size the layout reserved for them.
export const NODE_W = 260;
export const NODE_H = 64;
/** The vertical gap between two steps; a drop zone sits in the middle of it. */
export const GAP = 44;
export const DROP_H = 22;
export const CONTAINER_HEADER = 64;
export const LANE_PAD = 16;
export const LANE_TITLE = 26;
export const LANE_GAP = 24;
export const TRIGGER_H = 72;
