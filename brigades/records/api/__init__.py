"""The API bases: scoped viewsets and the record serializer, errors, pagination, the schema."""
