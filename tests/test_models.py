"""The output schema describes itself: `mzparse schema` is what other tools read."""
from mzparse.models import Document

SELF_EXPLAINING = {"type", "schema_version"}   # a constant names itself


def test_every_field_and_model_is_described():
    schema = Document.model_json_schema()
    missing = []
    for name, model in [("Document", schema)] + list(schema["$defs"].items()):
        if "description" not in model:
            missing.append(name)
        for field, spec in model.get("properties", {}).items():
            if field not in SELF_EXPLAINING and "description" not in spec:
                missing.append(f"{name}.{field}")
    assert not missing, missing
