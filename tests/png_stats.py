#!/usr/bin/env python3
"""png_stats.py FILE: prints "WIDTH HEIGHT NONWHITE_PER_MILLE COLOURS" for an
8-bit PNG (grey, grey+alpha, RGB, RGBA; not interlaced), decoded with zlib
alone. A pixel is white when each of its channels is at least 250; COLOURS
counts the distinct colours (at most 10000 counted). Used by
tests/browser.sh to say a screenshot is not blank."""
import struct
import sys
import zlib


def main(path):
    data = open(path, "rb").read()
    if data[:8] != b"\x89PNG\r\n\x1a\n":
        sys.exit("not a PNG")
    pos, idat = 8, b""
    width = height = depth = ctype = interlace = None
    while pos < len(data):
        n, kind = struct.unpack(">I4s", data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + n]
        if kind == b"IHDR":
            width, height, depth, ctype, _, _, interlace = struct.unpack(">IIBBBBB", body)
        elif kind == b"IDAT":
            idat += body
        pos += 12 + n
    chans = {0: 1, 2: 3, 4: 2, 6: 4}.get(ctype)
    if depth != 8 or chans is None or interlace:
        sys.exit("unsupported PNG: depth %s type %s interlace %s" % (depth, ctype, interlace))
    raw = zlib.decompress(idat)
    stride = width * chans
    prev = bytearray(stride)
    nonwhite = 0
    colours = set()
    for y in range(height):
        f = raw[y * (stride + 1)]
        line = bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
        for i in range(stride):
            a = line[i - chans] if i >= chans else 0
            b = prev[i]
            c = prev[i - chans] if i >= chans else 0
            if f == 1:
                line[i] = (line[i] + a) & 255
            elif f == 2:
                line[i] = (line[i] + b) & 255
            elif f == 3:
                line[i] = (line[i] + ((a + b) >> 1)) & 255
            elif f == 4:
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                pr = a if pa <= pb and pa <= pc else (b if pb <= pc else c)
                line[i] = (line[i] + pr) & 255
        for x in range(0, stride, chans):
            px = tuple(line[x:x + min(chans, 3)])
            if min(px) < 250:
                nonwhite += 1
            if len(colours) < 10000:
                colours.add(px)
        prev = line
    print(width, height, nonwhite * 1000 // (width * height), len(colours))


if __name__ == "__main__":
    main(sys.argv[1])
