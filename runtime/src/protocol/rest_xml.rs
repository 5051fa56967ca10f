//! restXml requests: the REST bindings with an XML body.
