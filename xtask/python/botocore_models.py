"""Write botocore's own models of the named services as plain JSON, for the fidelity report.

Run by `cargo xtask fidelity` inside the private virtualenv that has the pinned botocore.
For each service it writes OUT/<service>.json: {"service": service-2, "paginators":
paginators-1 (or empty), "waiters": waiters-2 (or empty), "hidden": {operation: [input
members botocore hides from the docs]}}. These models are the yardstick the docs are measured against,
never an input to generation.
"""

import argparse
import json
import os

import botocore.exceptions
import botocore.session

from wire_facts import hidden_params


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument('--out', required=True)
    parser.add_argument('services', nargs='+')
    args = parser.parse_args()
    loader = botocore.session.get_session().get_component('data_loader')
    os.makedirs(args.out, exist_ok=True)
    for service in args.services:
        model = loader.load_service_model(service, 'service-2')
        try:
            paginators = loader.load_service_model(service, 'paginators-1')
        except botocore.exceptions.DataNotFoundError:
            paginators = {'pagination': {}}
        try:
            waiters = loader.load_service_model(service, 'waiters-2')
        except botocore.exceptions.DataNotFoundError:
            waiters = {'version': 2, 'waiters': {}}
        with open(os.path.join(args.out, f'{service}.json'), 'w', encoding='utf-8') as f:
            hidden = {op: sorted(members) for op, members in hidden_params(service).items()}
            json.dump({'service': model, 'paginators': paginators, 'waiters': waiters,
                       'hidden': hidden}, f)


if __name__ == '__main__':
    main()
