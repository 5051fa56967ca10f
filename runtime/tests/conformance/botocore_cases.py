"""What the pinned botocore does with given cases of the protocol suites.

Reads [{"suite": "input/rest-json.json", "id": "..."}] on stdin, the suites' root as the
first argument; writes {"<suite> <id>": ...} on stdout: for an input case the request its
serializer makes (method, uri with query, headers, body), for an output case what its
parser reads (as the suites' runner fixes it up: no ResponseMetadata, bytes as text), or
{"error": "..."} when botocore refuses the case.
"""

import copy
import json
import sys

from botocore.awsrequest import HeadersDict
from botocore.model import OperationModel, ServiceModel
from botocore.parsers import create_parser
from botocore.serialize import create_serializer
from botocore.utils import percent_encode_sequence


def text(value):
    if isinstance(value, dict):
        return {k: text(v) for k, v in value.items()}
    if isinstance(value, list):
        return [text(v) for v in value]
    if isinstance(value, bytes):
        return value.decode("utf-8")
    return value


def run(group, case, direction):
    description = copy.deepcopy(group)
    description.pop("cases", None)
    description["operations"] = {case["given"]["name"]: case["given"]}
    model = ServiceModel(description)
    operation = OperationModel(case["given"], model)
    protocol = model.metadata["protocol"]
    if direction == "input":
        serializer = create_serializer(protocol, include_validation=False)
        request = serializer.serialize_to_request(case["params"], operation)
        uri = request["url_path"]
        query = percent_encode_sequence(request["query_string"] or {})
        if query:
            uri += ("&" if "?" in uri else "?") + query
        body = request["body"]
        return {
            "method": request["method"],
            "uri": uri,
            "headers": dict(request["headers"]),
            "body": body.decode("utf-8") if isinstance(body, bytes) else body,
        }
    response = copy.deepcopy(case["response"])
    response["body"] = response.get("body", "").encode("utf-8")
    response["headers"] = HeadersDict(response.get("headers", {}))
    parsed = create_parser(protocol).parse(response, operation.output_shape)
    parsed.pop("ResponseMetadata", None)
    return {"result": text(parsed)}


def main():
    root = sys.argv[1]
    wanted = json.load(sys.stdin)
    out = {}
    for suite in sorted({w["suite"] for w in wanted}):
        ids = {w["id"] for w in wanted if w["suite"] == suite}
        direction = suite.split("/")[0]
        with open(f"{root}/{suite}", encoding="utf-8") as f:
            groups = json.load(f)
        for group in groups:
            for case in group["cases"]:
                if case.get("id") not in ids:
                    continue
                try:
                    out[f"{suite} {case['id']}"] = run(group, case, direction)
                except Exception as e:  # botocore refusing the case is an answer too
                    out[f"{suite} {case['id']}"] = {"error": f"{type(e).__name__}: {e}"}
    json.dump(out, sys.stdout)


main()
