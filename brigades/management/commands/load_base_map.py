"""Load the offline base map: `manage.py load_base_map --boundaries towns.geojson --roads roads.geojson`.

Each file is checked as a whole (nothing is loaded from a bad file, and every problem is listed);
loading a file again replaces its layer, so running the command twice changes nothing."""

from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils import translation
from django.utils.translation import gettext as _

from brigades.basemap import base_map_load, brigade_named
from brigades.choices import MapLayerKind


class Command(BaseCommand):
    help = "Load the jurisdiction's town boundaries and main roads (GeoJSON) as the offline base map."

    def add_arguments(self, parser):
        parser.add_argument("--boundaries", type=Path, help="GeoJSON FeatureCollection of town outlines (Polygon/MultiPolygon; property name = the town's name).")
        parser.add_argument("--roads", type=Path, help="GeoJSON FeatureCollection of main roads (LineString/MultiLineString; property name).")
        parser.add_argument("--brigade", help="Code or name of the brigade whose towns the boundaries outline, when a feature does not say (property brigade).")
        parser.add_argument("--layer", help="Layer name (default: “town boundaries” / “main roads”); loading a name again replaces it.")
        parser.add_argument("--synthetic", action="store_true", help="Mark the layers as made-up outlines (demo data).")

    def handle(self, *args, **options):
        # The administrator reads the site's language (Chinese), whatever the process had active.
        with translation.override(settings.LANGUAGE_CODE):
            self.load(**options)

    def load(self, *, boundaries, roads, brigade, layer, synthetic, **options):
        if not boundaries and not roads:
            raise CommandError(_("Give a file: --boundaries FILE and/or --roads FILE."))
        try:
            default_brigade = brigade_named(brigade) if brigade else None
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from None
        for kind, path in ((MapLayerKind.BOUNDARIES, boundaries), (MapLayerKind.ROADS, roads)):
            if path is None:
                continue
            path = Path(path)  # call_command() hands the option over as given
            name = layer or (_("town boundaries") if kind == MapLayerKind.BOUNDARIES else _("main roads"))
            if len(name) > 100:
                raise CommandError(_("The layer name is too long (at most 100 characters)."))
            try:
                raw = path.read_bytes()
            except OSError as error:
                raise CommandError(_("Cannot read %(path)s: %(error)s") % {"path": path, "error": error.strerror}) from None
            try:
                loaded, created = base_map_load(
                    name=name, kind=kind, raw=raw, source=path.name, brigade=default_brigade, synthetic=synthetic,
                )
            except ValidationError as error:
                lines = "\n".join(f"  - {message}" for message in error.messages)
                raise CommandError(
                    _("%(path)s was not loaded:\n%(lines)s") % {"path": path, "lines": lines}
                ) from None
            self.stdout.write(self.style.SUCCESS(
                (_("Loaded %(name)s: %(count)s features.") if created else _("Loaded %(name)s again: %(count)s features (replacing the previous ones)."))
                % {"name": loaded.name, "count": loaded.features.count()}
            ))
