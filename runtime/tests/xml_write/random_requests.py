"""Random models and inputs, and the request the pinned botocore writes for each.

Usage: random_requests.py <protocol> <seed> <count>, protocol one of rest-xml, query,
ec2. Writes a JSON list on stdout, one case per item: the model snippet as botocore's
protocol suites state it (metadata, shapes, given), the params, and botocore's request
(method, URI with query, headers, body as base64), as its client prepares it.

Floats that JSON cannot carry are given as "NaN", "Infinity" and "-Infinity" (as the
suites do); timestamps as ISO 8601 text; blobs as text (sent as its UTF-8).
"""

import base64
import datetime
import json
import math
import random
import sys

from botocore.awsrequest import create_request_object, prepare_request_dict
from botocore.model import OperationModel, ServiceModel
from botocore.serialize import create_serializer

# Text that exercises every escaping rule: XML's five, form encoding's reserved and
# unreserved bytes, whitespace, non-ASCII and astral characters.
ALPHABET = list("aZ09 _.-~+/=&%<>\"'\n\r\t;:,?#[]@!$()*é€😀") + ["\x01"]
NAMES = ["Alpha", "beta", "Gamma_1", "d", "Echo", "fox", "Golf", "hotelIndia"]
FORMATS = ["iso8601", "unixTimestamp", "rfc822"]


class Generator:
    def __init__(self, protocol, rng):
        self.protocol = protocol
        self.xml = protocol == "rest-xml"
        self.rng = rng
        self.shapes = {}

    def chance(self, p):
        return self.rng.random() < p

    def name(self, base):
        name = f"{base}{len(self.shapes)}"
        return name

    def namespace(self):
        uri = self.rng.choice(["http://foo.com", "https://example.com/doc/2020-01-01/"])
        if self.chance(0.5):
            return uri
        return {"prefix": self.rng.choice(["", "baz", "xsi"]), "uri": uri}

    def shape(self, depth):
        kinds = ["string", "boolean", "integer", "long", "float", "double",
                 "timestamp", "blob", "enum"]
        if depth > 0:
            kinds += ["list", "list", "map", "structure", "structure"]
        kind = self.rng.choice(kinds)
        name = self.name(kind.capitalize())
        shape = {"type": "string" if kind == "enum" else kind}
        self.shapes[name] = shape  # placed first: nested shapes follow it
        if kind == "enum":
            shape["enum"] = ["a", "b"]
        elif kind == "timestamp" and self.chance(0.4):
            shape["timestampFormat"] = self.rng.choice(FORMATS)
        elif kind == "list":
            shape["member"] = self.reference(depth - 1, collection=True)
            if self.chance(0.4):
                shape["flattened"] = True
        elif kind == "map":
            key = self.name("Key")
            self.shapes[key] = {"type": "string"}
            shape["key"] = {"shape": key}
            if self.chance(0.4):
                shape["key"]["locationName"] = self.rng.choice(["K", "keyName", "name"])
            shape["value"] = self.reference(depth - 1, collection=True)
            if self.chance(0.4):
                shape["flattened"] = True
        elif kind == "structure":
            shape["members"] = self.members(depth - 1, self.rng.randint(1, 4))
        if self.xml and kind in ("structure", "list", "map") and self.chance(0.15):
            shape["xmlNamespace"] = self.namespace()
        if kind in ("structure", "string", "list") and self.chance(0.1):
            shape["locationName"] = self.rng.choice(["Renamed", "shapeName"])
        return name

    def reference(self, depth, collection=False):
        ref = {"shape": self.shape(depth)}
        target = self.shapes[ref["shape"]]
        if self.chance(0.3):
            ref["locationName"] = self.rng.choice(["item", "Value", "entryName", "x"])
        if self.protocol == "ec2" and not collection and self.chance(0.3):
            ref["queryName"] = self.rng.choice(["QueryName", "q", "Filter"])
        if self.xml and self.chance(0.1):
            ref["xmlNamespace"] = self.namespace()
        if target["type"] == "timestamp" and self.chance(0.3):
            ref["timestampFormat"] = self.rng.choice(FORMATS)
        if target["type"] in ("list", "map") and self.chance(0.2):
            ref["flattened"] = True
        return ref

    def members(self, depth, count):
        members = {}
        for name in self.rng.sample(NAMES, count):
            if self.protocol == "ec2":
                # Every input member of EC2's model starts with a capital, where
                # botocore's EC2 serializer and Smithy's ec2Query rule agree.
                name = name[0].upper() + name[1:]
            ref = self.reference(depth)
            target = self.shapes[ref["shape"]]
            if self.xml and target["type"] == "string" and self.chance(0.25):
                ref["xmlAttribute"] = True
                ref["locationName"] = self.rng.choice(["attr", "xsi:type", "id"])
            members[name] = ref
        return members

    # Values, for botocore (Python objects) and for the runtime (JSON).

    def text(self):
        return "".join(self.rng.choice(ALPHABET) for _ in range(self.rng.randint(0, 6)))

    def value(self, shape_name, depth=0):
        shape = self.shapes[shape_name]
        kind = shape["type"]
        if kind == "string":
            if "enum" in shape:
                value = self.rng.choice(shape["enum"])
            else:
                value = self.text()
            return value, value
        if kind == "boolean":
            value = self.chance(0.5)
            return value, value
        if kind == "integer":
            value = self.rng.randint(-(2**31), 2**31 - 1)
            return value, value
        if kind == "long":
            value = self.rng.randint(-(2**63), 2**63 - 1)
            return value, value
        if kind == "float":
            # Values an f32 holds exactly and prints as Python does.
            value = self.rng.randint(-4096, 4096) / self.rng.choice([1, 2, 8, 64])
            return value, value
        if kind == "double":
            choice = self.rng.random()
            if choice < 0.1:
                special = self.rng.choice(["NaN", "Infinity", "-Infinity"])
                return float(special), special
            if choice < 0.5:
                value = self.rng.uniform(-1e6, 1e6)
            else:
                value = self.rng.choice([1e16, 1e-7, 0.1, 123.0, -0.0, 2.5e-308, 1.7e308])
                value *= self.rng.choice([1, -1])
            return value, value
        if kind == "timestamp":
            seconds = self.rng.randint(0, 4_000_000_000)
            micros = self.rng.choice([0, self.rng.randint(0, 999_999)])
            moment = datetime.datetime.fromtimestamp(seconds, datetime.timezone.utc)
            moment = moment.replace(microsecond=micros)
            text = moment.strftime("%Y-%m-%dT%H:%M:%S.%fZ")
            return text, text
        if kind == "blob":
            value = self.text()
            return value, value
        if kind == "list":
            items = [self.value(shape["member"]["shape"], depth + 1)
                     for _ in range(self.rng.randint(0, 3))]
            return [p for p, _ in items], [j for _, j in items]
        if kind == "map":
            python, plain = {}, {}
            for _ in range(self.rng.randint(0, 3)):
                key = self.text()
                p, j = self.value(shape["value"]["shape"], depth + 1)
                python[key], plain[key] = p, j
            return python, plain
        python, plain = {}, {}
        for name, ref in shape["members"].items():
            if self.chance(0.75):
                p, j = self.value(ref["shape"], depth + 1)
                python[name], plain[name] = p, j
        return python, plain


def case(protocol, rng):
    gen = Generator(protocol, rng)
    metadata = {"protocol": protocol, "apiVersion": "2020-01-01"}
    given = {"name": "OperationName", "http": {"method": "POST", "requestUri": "/"}}
    input_name = "InputShape"
    gen.shapes[input_name] = {"type": "structure"}
    members = gen.members(3, rng.randint(1, 5))
    input_ref = {"shape": input_name}
    if gen.xml:
        given["http"]["requestUri"] = "/path"
        input_ref["locationName"] = "OperationRequest"
        if gen.chance(0.5):
            input_ref["xmlNamespace"] = {"uri": "https://example.com/doc/2020-01-01/"}
        if gen.chance(0.3):
            # A payload member: a structure written as the whole body.
            payload = "Body"
            target = gen.name("Payload")
            gen.shapes[target] = {"type": "structure",
                                  "members": gen.members(2, rng.randint(1, 3))}
            members[payload] = {"shape": target}
            # botocore names the root by the payload's locationName (it has no
            # other), which the models always state, the member's name but once.
            members[payload]["locationName"] = payload
            if gen.chance(0.3):
                members[payload]["xmlNamespace"] = gen.namespace()
            gen.shapes[input_name]["payload"] = payload
    gen.shapes[input_name]["members"] = members
    given["input"] = input_ref
    params, plain = gen.value(input_name)
    description = {"metadata": metadata, "shapes": gen.shapes,
                   "operations": {"OperationName": given}}
    operation = OperationModel(given, ServiceModel(description))
    serializer = create_serializer(protocol, include_validation=False)
    request = serializer.serialize_to_request(params, operation)
    prepare_request_dict(request, endpoint_url="https://example.com")
    prepared = create_request_object(request).prepare()
    body = prepared.body or b""
    if isinstance(body, str):
        body = body.encode("utf-8")
    url = prepared.url.split("example.com", 1)[1]
    return {
        "metadata": metadata,
        "shapes": gen.shapes,
        "given": given,
        "params": plain,
        "method": prepared.method,
        "uri": url,
        "headers": {k: v.decode() if isinstance(v, bytes) else v
                    for k, v in request["headers"].items()},
        "body": base64.b64encode(body).decode(),
    }


def main():
    protocol, seed, count = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
    rng = random.Random(seed)
    cases = [case(protocol, rng) for _ in range(count)]
    json.dump(cases, sys.stdout, allow_nan=False)


main()
