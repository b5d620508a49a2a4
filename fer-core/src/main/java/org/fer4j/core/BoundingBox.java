package org.fer4j.core;

/**
 * An axis-aligned box in pixel coordinates of a frame.
 *
 * @param x left column
 * @param y top row
 * @param width width in pixels, positive
 * @param height height in pixels, positive
 */
public record BoundingBox(int x, int y, int width, int height) {

    /** Validates the size. */
    public BoundingBox {
        if (width <= 0 || height <= 0) {
            throw new IllegalArgumentException("box size must be positive, got " + width + "x" + height);
        }
    }

    /** @return width x height */
    public long area() {
        return (long) width * height;
    }

    /**
     * @param other another box
     * @return intersection over union, 0..1
     */
    public double iou(BoundingBox other) {
        int ix = Math.max(x, other.x);
        int iy = Math.max(y, other.y);
        int ex = Math.min(x + width, other.x + other.width);
        int ey = Math.min(y + height, other.y + other.height);
        if (ex <= ix || ey <= iy) {
            return 0;
        }
        double inter = (double) (ex - ix) * (ey - iy);
        return inter / (area() + other.area() - inter);
    }

    /**
     * Maps a box found on a scaled copy back to the original frame.
     *
     * @param factor original size / scaled size
     * @return the box in original coordinates
     */
    public BoundingBox scale(double factor) {
        return new BoundingBox((int) Math.round(x * factor), (int) Math.round(y * factor),
                Math.max(1, (int) Math.round(width * factor)), Math.max(1, (int) Math.round(height * factor)));
    }

    /**
     * @param frameWidth frame width
     * @param frameHeight frame height
     * @return this box cut to the frame, or {@code null} when nothing of it lies inside
     */
    public BoundingBox clip(int frameWidth, int frameHeight) {
        int nx = Math.max(0, x);
        int ny = Math.max(0, y);
        int ex = Math.min(frameWidth, x + width);
        int ey = Math.min(frameHeight, y + height);
        if (ex <= nx || ey <= ny) {
            return null;
        }
        return new BoundingBox(nx, ny, ex - nx, ey - ny);
    }
}
