"""`lamb layer publish|list|versions|get|delete`, and a function that uses a layer (`lamb function create --layers`)."""

import json
import os
import zipfile

from conftest import table, write_function

USES_LAYER = """
    import greeting

    def handler(event, context):
        return greeting.hello()
"""


def layer_directory(tmp_path, text):
    """A layer's content: a Python module under python/, where Lambda's Python runtimes look in /opt."""
    directory = tmp_path / ("layer-" + text)
    write_function(directory / "python", "def hello():\n    return %r\n" % text, filename="greeting.py")
    return str(directory)


def test_publish_from_directory_and_use_it(lamb, create, name, tmp_path):
    published = lamb("layer", "publish", name, "--code", layer_directory(tmp_path, "from the layer"),
                     "--compatible-runtimes", "python3.11", "python3.12", "--compatible-architectures", "x86_64",
                     "--description", "a greeting")
    assert published.code == 0, published
    [row] = table(published.stdout)
    assert row["VERSION"] == "1"
    assert row["ARN"].endswith(":layer:%s:1" % name)
    assert row["RUNTIMES"] == "python3.11,python3.12" and row["ARCHITECTURES"] == "x86_64"
    assert row["DESCRIPTION"] == "a greeting" and row["CREATED"].endswith(" UTC")

    create(name, USES_LAYER, "--layers", row["ARN"])
    result = lamb("invoke", name)
    assert result.code == 0, result
    assert json.loads(result.stdout) == "from the layer"


def test_publish_from_zip_as_json(lamb, name, tmp_path):
    archive = tmp_path / "layer.zip"
    with zipfile.ZipFile(str(archive), "w") as z:
        z.writestr("python/greeting.py", "def hello():\n    return 'zip'\n")
    published = lamb("layer", "publish", name, "--code", archive, "--compatible-runtimes", "python3.11,python3.13",
                     "--license-info", "MIT", "--output", "json")
    assert published.code == 0, published
    layer = json.loads(published.stdout)
    assert layer["Version"] == 1 and layer["LicenseInfo"] == "MIT"
    assert layer["CompatibleRuntimes"] == ["python3.11", "python3.13"]
    assert layer["Content"]["CodeSize"] == os.path.getsize(str(archive))


def test_list_versions_get_and_delete(lamb, name, tmp_path):
    for text, runtime in (("one", "python3.11"), ("two", "nodejs22.x")):
        result = lamb("layer", "publish", name, "--code", layer_directory(tmp_path, text),
                      "--compatible-runtimes", runtime, "--description", text)
        assert result.code == 0, result

    layers = lamb("layer", "list")
    assert layers.code == 0, layers
    [row] = [r for r in table(layers.stdout) if r["NAME"] == name]
    assert row["LATEST"] == "2" and row["DESCRIPTION"] == "two"
    # The newest version that matches the filter.
    python = lamb("layer", "list", "--compatible-runtime", "python3.11", "--output", "json")
    assert python.code == 0, python
    [item] = [l for l in json.loads(python.stdout)["Layers"] if l["LayerName"] == name]
    assert item["LatestMatchingVersion"]["Version"] == 1

    versions = lamb("layer", "versions", name)
    assert versions.code == 0, versions
    assert [(r["VERSION"], r["RUNTIMES"]) for r in table(versions.stdout)] == [("2", "nodejs22.x"), ("1", "python3.11")]
    raw = lamb("layer", "versions", name, "--compatible-runtime", "nodejs22.x", "--output", "json")
    assert [v["Version"] for v in json.loads(raw.stdout)["LayerVersions"]] == [2]

    got = lamb("layer", "get", name, "1")
    assert got.code == 0, got
    [row] = table(got.stdout)
    assert row["DESCRIPTION"] == "one"
    by_arn = lamb("layer", "get", row["ARN"], "--output", "json")
    assert by_arn.code == 0, by_arn
    assert json.loads(by_arn.stdout)["Description"] == "one"

    deleted = lamb("layer", "delete", name, "1")
    assert deleted.code == 0 and deleted.stdout == "", deleted
    gone = lamb("layer", "get", name, "1")
    assert gone.code == 2, gone
    assert gone.stderr == "lamb: ResourceNotFoundException: The resource you requested does not exist.\n", gone
    assert gone.stdout == ""
    assert [r["VERSION"] for r in table(lamb("layer", "versions", name).stdout)] == ["2"]


def test_layer_usage_errors(lamb, name, tmp_path):
    no_version = lamb("layer", "get", name)
    assert no_version.code == 64, no_version
    assert "give the version" in no_version.stderr
    missing = lamb("layer", "publish", name, "--code", str(tmp_path / "nowhere"))
    assert missing.code == 64, missing
    architecture = lamb("layer", "publish", name, "--code", str(tmp_path), "--compatible-architectures", "sparc")
    assert architecture.code == 64, architecture
    runtime = lamb("layer", "list", "--compatible-runtime", "cobol1.0")
    assert runtime.code == 2, runtime
    assert runtime.stderr.startswith("lamb: InvalidParameterValueException: "), runtime
