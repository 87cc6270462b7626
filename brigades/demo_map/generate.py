"""Writes the demo base map (towns.geojson, roads.geojson beside this file): SYNTHETIC outlines.

The demo towns are real names but these shapes are made up: each demo brigade gets a box around the
coordinates its demo records use, cut into one jittered cell per town, and a few main roads cross
the boxes. Run `python brigades/demo_map/generate.py` after changing the demo towns; the files are
committed so the demo works offline and `load_demo` loads them (brigades.demo.load_base_map)."""

import json
import math
import random
from pathlib import Path

HERE = Path(__file__).resolve().parent
NOTE = "合成示意数据（synthetic）：演示用的城镇轮廓与道路，并非测绘边界。"

# brigade code: (west, south, east, north), towns from north-west to south-east (brigades.demo.BRIGADES)
BOXES = {
    "dcf": ((115.83, 36.37, 115.9575, 36.54),
            ["道口铺街道", "闫寺街道", "凤凰街道", "侯营镇", "沙镇镇", "堂邑镇", "梁水镇镇", "斗虎屯镇", "郑家镇", "张炉集镇"]),
    "zs2": ((115.9575, 36.37, 116.0175, 36.54), ["东城街道", "柳园街道", "湖西街道", "古楼街道", "新区街道"]),
    "gxq": ((116.0175, 36.37, 116.15, 36.54), ["韩集乡", "顾官屯镇", "许营镇", "九州街道", "新区街道"]),
    "dea": ((116.15, 36.255, 116.35, 36.415),
            ["铜城街道", "新城街道", "刘集镇", "牛角店镇", "大桥镇", "高集镇", "姚寨镇", "鱼山镇", "陈集镇"]),
    "cp": ((116.15, 36.52, 116.35, 36.64), ["振兴街道", "信发街道", "温陈街道", "乐平铺镇"]),
    "yg": ((115.70, 36.05, 115.88, 36.17), ["侨润街道", "博济桥街道", "狮子楼街道", "阿城镇"]),
    "sx": ((115.58, 36.18, 115.76, 36.30), ["莘州街道", "燕塔街道", "莘亭街道", "张鲁回族镇"]),
}

ROADS = [
    ("G309线", [(115.60, 36.47), (115.80, 36.465), (115.95, 36.455), (116.10, 36.46), (116.25, 36.45), (116.40, 36.44)]),
    ("G105线", [(116.00, 36.65), (115.99, 36.55), (115.985, 36.45), (115.97, 36.35), (115.90, 36.20), (115.80, 36.08)]),
    ("S258线", [(116.05, 36.52), (116.15, 36.42), (116.25, 36.335), (116.34, 36.27)]),
    ("东阿大道", [(116.16, 36.335), (116.25, 36.34), (116.34, 36.33)]),
    ("振兴路", [(115.86, 36.40), (115.95, 36.41), (116.05, 36.405), (116.14, 36.41)]),
    ("黄河路", [(116.20, 36.63), (116.22, 36.55), (116.24, 36.42), (116.26, 36.26)]),
]


def cells(box, names, rng):
    west, south, east, north = box
    cols = math.ceil(math.sqrt(len(names)))
    rows = math.ceil(len(names) / cols)
    dx, dy = (east - west) / cols, (north - south) / rows
    vertex = {}
    for r in range(rows + 1):
        for c in range(cols + 1):
            x, y = west + c * dx, north - r * dy
            if 0 < c < cols:
                x += rng.uniform(-0.2, 0.2) * dx
            if 0 < r < rows:
                y += rng.uniform(-0.2, 0.2) * dy
            vertex[r, c] = (round(x, 5), round(y, 5))
    spans, index = [], 0
    for r in range(rows):
        for c in range(cols):
            if index < len(names):
                spans.append([names[index], r, c, c])
                index += 1
            else:
                spans[-1][3] = c  # the last town of a short row takes the rest of it
    for name, r, c0, c1 in spans:
        top = [vertex[r, c] for c in range(c0, c1 + 2)]
        bottom = [vertex[r + 1, c] for c in range(c1 + 1, c0 - 1, -1)]
        ring = top + bottom
        yield name, [list(p) for p in ring + [ring[0]]]


def main():
    rng = random.Random(17)
    towns = []
    for code, (box, names) in BOXES.items():
        for name, ring in cells(box, names, rng):
            towns.append({"type": "Feature", "properties": {"name": name, "brigade": code, "synthetic": True},
                          "geometry": {"type": "Polygon", "coordinates": [ring]}})
    roads = [{"type": "Feature", "properties": {"name": name, "synthetic": True},
              "geometry": {"type": "LineString", "coordinates": [list(p) for p in points]}} for name, points in ROADS]
    for filename, features in (("towns.geojson", towns), ("roads.geojson", roads)):
        document = {"type": "FeatureCollection", "name": filename.split(".")[0], "description": NOTE, "features": features}
        (HERE / filename).write_text(json.dumps(document, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
