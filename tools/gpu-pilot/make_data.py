"""Writes the pilot's input file: FER2013 Training and PublicTest pixels and labels as raw bytes (see fer_pilot.py).

usage: python3 make_data.py <folder with train.csv.gz and publictest.csv.gz> <output file>
The output is a transit copy for a GPU machine: keep it outside git and delete it after the run.
"""
import gzip
import sys

import numpy as np


def load(path):
    xs, ys = [], []
    with gzip.open(path, 'rt') as f:
        next(f)
        for n, line in enumerate(f, start=2):
            parts = line.rstrip('\n').split(',')
            px = np.array(parts[1].split(), dtype=np.uint8)
            if len(parts) != 3 or px.size != 48 * 48:
                sys.exit(f'{path}:{n}: expected emotion,pixels,Usage with 2304 pixels')
            ys.append(int(parts[0]))
            xs.append(px)
    return np.stack(xs), np.array(ys, dtype=np.uint8)


def main():
    folder, out = sys.argv[1], sys.argv[2]
    xt, yt = load(f'{folder}/train.csv.gz')
    xv, yv = load(f'{folder}/publictest.csv.gz')
    with open(out, 'wb') as f:
        for a in (xt, xv, yt, yv):
            f.write(a.tobytes())
    print(f'{out}: {len(xt)} training and {len(xv)} PublicTest faces')


if __name__ == '__main__':
    main()
