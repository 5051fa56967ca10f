"""What the pinned botocore does with given cases of the protocol suites.

Reads [{"suite": "input/rest-json.json", "id": "..."}] on stdin, the suites' root as the
first argument; writes {"<suite> <id>": ...} on stdout: for an input case the request its
serializer makes (method, uri with query, the URL its client sends it to, headers,
body), for an output case what its
parser reads (as the suites' runner fixes it up: no ResponseMetadata, bytes as text), or
{"error": "..."} when botocore refuses the case.

An entry may bring its own "params" (input) or "response" (output, and "error" when it is
an error response) for the case's model, and a "key" to answer under instead of
"<suite> <id>" (the randomized tests).
"""

import copy
import datetime
import json
import math
import sys
from urllib.parse import urlencode

from botocore.awsrequest import HeadersDict, prepare_request_dict
from botocore.model import OperationModel, ServiceModel
from botocore.parsers import PROTOCOL_PARSERS
from botocore.serialize import create_serializer
from botocore.utils import parse_timestamp, percent_encode_sequence


def text(value):
    if isinstance(value, float) and not math.isfinite(value):
        return "NaN" if math.isnan(value) else "Infinity" if value > 0 else "-Infinity"
    if isinstance(value, datetime.datetime):
        return value.timestamp()
    if isinstance(value, dict):
        return {k: text(v) for k, v in value.items()}
    if isinstance(value, list):
        return [text(v) for v in value]
    if isinstance(value, bytes):
        return value.decode("utf-8")
    return value


ZERO_TOKEN = "00000000-0000-4000-8000-000000000000"


def utf8(key, value):
    """As botocore's AWSRequestPreparer._to_utf8: text as UTF-8, numbers as they are."""
    return tuple(v.encode("utf-8") if isinstance(v, str) else v for v in (key, value))


def run(group, case, direction):
    case = copy.deepcopy(case)
    given = case["given"]
    # Every awsQuery operation of botocore's models wraps its output in <Name>Result;
    # the suites' snippets leave resultWrapper out.
    if group["metadata"]["protocol"] == "query" and "output" in given:
        given["output"].setdefault("resultWrapper", given["name"] + "Result")
    description = copy.deepcopy(group)
    description.pop("cases", None)
    description["operations"] = {case["given"]["name"]: case["given"]}
    model = ServiceModel(description)
    operation = OperationModel(case["given"], model)
    protocol = model.metadata["protocol"]
    if direction == "input":
        # As the client's generate_idempotent_uuid handler, with the suites' fixed token.
        params = dict(case["params"])
        for name in operation.idempotent_members:
            params.setdefault(name, ZERO_TOKEN)
        case["params"] = params
        serializer = create_serializer(protocol, include_validation=False)
        request = serializer.serialize_to_request(case["params"], operation)
        uri = request["url_path"]
        query = percent_encode_sequence(request["query_string"] or {})
        if query:
            uri += ("&" if "?" in uri else "?") + query
        body = request["body"]
        if isinstance(body, dict):  # the query protocols' form, as the client sends it
            body = urlencode([utf8(k, v) for k, v in body.items()], doseq=True)
        # The URL its client sends to: the group's endpoint joined with the request's
        # path (and host prefix) as the client's prepare_request_dict joins them.
        joined = dict(request)
        prepare_request_dict(
            joined, endpoint_url=group.get("clientEndpoint", "https://example.com")
        )
        return {
            "method": request["method"],
            "url": joined["url"],
            "uri": uri,
            "headers": dict(request["headers"]),
            "body": body.decode("utf-8") if isinstance(body, bytes) else body,
        }
    response = copy.deepcopy(case["response"])
    response["body"] = response.get("body", "").encode("utf-8")
    response["headers"] = HeadersDict(response.get("headers", {}))
    # Timestamps as datetimes, seconds since the epoch in the answer (text()).
    parser = PROTOCOL_PARSERS[protocol](timestamp_parser=parse_timestamp)
    parsed = parser.parse(response, operation.output_shape)
    if "error" in case:
        # As the client's _add_modeled_error_fields: the error shape of the code adds
        # its members; as botocore's runner, Error keeps only Code and Message.
        shape = model.shape_for_error_code(parsed.get("Error", {}).get("Code"))
        if shape is not None:
            parsed.update(parser.parse(response, shape))
        parsed["Error"] = {
            k: v for k, v in parsed.get("Error", {}).items() if k in ("Code", "Message")
        }
    parsed.pop("ResponseMetadata", None)
    return {"result": text(parsed)}


def main():
    root = sys.argv[1]
    wanted = json.load(sys.stdin)
    out = {}
    for suite in sorted({w["suite"] for w in wanted}):
        direction = suite.split("/")[0]
        with open(f"{root}/{suite}", encoding="utf-8") as f:
            groups = json.load(f)
        cases = {
            case.get("id"): (group, case) for group in groups for case in group["cases"]
        }
        for w in wanted:
            if w["suite"] != suite or w["id"] not in cases:
                continue
            group, case = cases[w["id"]]
            case = dict(case)
            if "response" in w:
                case.pop("error", None)  # the entry says whether its response is one
            for part in ("params", "response", "error"):
                if part in w:
                    case[part] = w[part]
            key = w.get("key", f"{suite} {w['id']}")
            try:
                out[key] = run(group, case, direction)
            except Exception as e:  # botocore refusing the case is an answer too
                out[key] = {"error": f"{type(e).__name__}: {e}"}
    json.dump(out, sys.stdout)


main()
