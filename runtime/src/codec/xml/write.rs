//! Writing restXml bodies through the schema traits, as boto3 writes them.
