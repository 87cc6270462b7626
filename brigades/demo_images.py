"""Small real pictures for the demo's photos (hazards before/after rectification, outreach events).

The pictures are drawn into an RGB buffer and written as PNG by Pillow: valid files that browsers
show and that pass the photo check (brigades.records.photos). Flat colours compress to a couple of KB each.

`save_demo_file` stores the bytes through the model field's own storage and upload_to, replacing a
file left at the same name by an earlier, dropped demo database (so reloading never piles up copies).
"""

from django.core.files.base import ContentFile
from PIL import Image

from .records.photos import image_bytes

WIDTH, HEIGHT = 240, 180

SKY = (168, 206, 235)
GRASS = (110, 160, 80)
ROAD = (96, 98, 102)
WHITE = (245, 245, 245)
YELLOW = (250, 200, 40)
TRUNK = (110, 80, 50)
FOLIAGE = (40, 95, 45)
RED = (200, 30, 35)
POLICE_BLUE = (30, 45, 90)
VEST = (200, 235, 60)
SKIN = (225, 185, 150)


class Canvas:
    def __init__(self, width=WIDTH, height=HEIGHT, background=(255, 255, 255)):
        self.width, self.height = width, height
        self.pixels = bytearray(bytes(background) * (width * height))

    def span(self, y, x0, x1, color):
        """Paint row y from x0 (inclusive) to x1 (exclusive), clipped to the picture."""
        if not 0 <= y < self.height:
            return
        x0, x1 = max(0, int(x0)), min(self.width, int(x1))
        if x1 > x0:
            start = (y * self.width + x0) * 3
            self.pixels[start:start + (x1 - x0) * 3] = bytes(color) * (x1 - x0)

    def rect(self, x0, y0, x1, y1, color):
        for y in range(max(0, int(y0)), min(self.height, int(y1))):
            self.span(y, x0, x1, color)

    def disc(self, cx, cy, r, color):
        for y in range(int(cy - r), int(cy + r) + 1):
            half = (r * r - (y - cy) ** 2) ** 0.5 if r * r >= (y - cy) ** 2 else -1
            if half >= 0:
                self.span(y, cx - half, cx + half + 1, color)

    def png(self):
        return image_bytes(Image.frombytes("RGB", (self.width, self.height), bytes(self.pixels)), "PNG")


def _shade(color, amount):
    return tuple(max(0, min(255, c + amount)) for c in color)


def road_scene(rng, *, after):
    """A country junction seen from the driver's seat. Before: a tree hides the side road; after:
    the tree is cut back, a yellow flashing light stands at the corner and a stop line is painted."""
    canvas = Canvas(background=_shade(SKY, rng.randint(-15, 10)))
    horizon = HEIGHT * 2 // 5 + rng.randint(-8, 8)
    canvas.rect(0, horizon, WIDTH, HEIGHT, _shade(GRASS, rng.randint(-20, 20)))
    centre = WIDTH // 2 + rng.randint(-20, 20)
    side_y = horizon + (HEIGHT - horizon) // 3  # the side road crossing from the left
    for y in range(horizon, HEIGHT):
        depth = (y - horizon) / (HEIGHT - horizon)
        half = 6 + depth * WIDTH * 0.45
        canvas.span(y, centre - half, centre + half, ROAD)
        if int(depth * 24) % 2 == 0:  # dashed centre line, longer dashes nearer the viewer
            canvas.span(y, centre - 1 - depth * 2, centre + 1 + depth * 2, WHITE)
    canvas.rect(0, side_y - 6, centre, side_y + 6, ROAD)
    if after:
        canvas.rect(centre - 56, side_y - 6, centre - 53, side_y + 6, WHITE)  # stop line on the side road
        post_x = centre - 64
        canvas.rect(post_x, side_y - 40, post_x + 3, side_y - 6, (70, 70, 70))
        canvas.disc(post_x + 1, side_y - 44, 6, YELLOW)
        canvas.disc(centre - 80, side_y - 18, 8, FOLIAGE)  # the trimmed tree
        canvas.rect(centre - 82, side_y - 10, centre - 78, side_y - 6, TRUNK)
    else:
        canvas.rect(centre - 70, side_y - 20, centre - 60, side_y + 20, TRUNK)
        canvas.disc(centre - 65, side_y - 25, 34 + rng.randint(0, 6), FOLIAGE)  # hides the side road
        canvas.disc(centre - 95, side_y - 5, 24, _shade(FOLIAGE, 15))
    return canvas.png()


def event_scene(rng):
    """A publicity event: a red banner over a table, officers in blue with hi-vis vests, and a crowd."""
    wall = rng.choice([(225, 225, 215), (190, 210, 230), (205, 220, 190)])
    canvas = Canvas(background=wall)
    canvas.rect(0, HEIGHT * 3 // 4, WIDTH, HEIGHT, (150, 150, 150))
    canvas.rect(20, 18, WIDTH - 20, 46, RED)  # the banner, with its "characters"
    for x in range(32, WIDTH - 36, 16):
        canvas.rect(x, 26, x + 11, 38, (250, 235, 200))
    canvas.rect(50, 92, WIDTH - 50, 110, (40, 90, 170))  # the table with leaflets
    for x in range(60, WIDTH - 60, 22):
        canvas.rect(x, 88, x + 14, 92, WHITE)
    for x in (70, WIDTH - 70):  # two officers behind the table
        canvas.disc(x, 62, 8, SKIN)
        canvas.rect(x - 10, 70, x + 10, 92, POLICE_BLUE)
        canvas.rect(x - 10, 74, x + 10, 84, VEST)
    colours = [(180, 60, 60), (60, 120, 180), (230, 180, 60), (90, 150, 90), (120, 90, 160), (220, 220, 220)]
    for row, y in enumerate((124, 146)):
        for x in range(14 + row * 11, WIDTH, 22):
            canvas.disc(x, y, 7, _shade(SKIN, rng.randint(-25, 10)))
            canvas.rect(x - 9, y + 7, x + 9, y + 34, rng.choice(colours))
    return canvas.png()


def save_demo_file(field_file, filename, data):
    """Store `data` through the field's storage under the name its upload_to gives (without saving
    the model). A stale file at that name (from a dropped database) is replaced, not duplicated."""
    name = field_file.field.generate_filename(field_file.instance, filename)
    if field_file.storage.exists(name):
        field_file.storage.delete(name)
    field_file.save(filename, ContentFile(data), save=False)
