"""The record platform every domain app builds on: the abstract record base and its queryset
(scoping), permissions, input rules, generic views with one action view, the form, serializer,
FilterSet and table bases, the month lock, exports and imports. It imports the organisation's
models, never brigades.figures."""
