//! Services with one endpoint per partition.

use crate::config::Region;

/// The endpoint of a global service, one per partition, and the region requests to
/// it are signed for (`None`: the client's region), as the pinned botocore's endpoint
/// rules resolve them: IAM, Route 53, CloudFront, Organizations, ... (`GLOBAL`; IAM
/// is `iam.amazonaws.com` signed for `us-east-1` whatever the client's region in the
/// `aws` partition), and S3 in `us-east-1` (`s3.amazonaws.com`, botocore's default
/// `s3_us_east_1_regional_endpoint = legacy`) unless `s3_regional` asks for
/// `s3.us-east-1.amazonaws.com`. STS is regional (`sts.<region>.amazonaws.com`), as
/// botocore's default now is: the region's default endpoint. `None` for a regional
/// service.
pub fn global_endpoint(
    endpoint_prefix: &str,
    region: &Region,
    s3_regional: bool,
) -> Option<(&'static str, Option<&'static str>)> {
    let region = region.as_str();
    if endpoint_prefix == "s3" && region == "us-east-1" && !s3_regional {
        return Some(("https://s3.amazonaws.com", None));
    }
    let partition = if region.starts_with("cn-") {
        "aws-cn"
    } else if region.starts_with("us-gov-") {
        "aws-us-gov"
    } else {
        "aws"
    };
    GLOBAL
        .iter()
        .find(|(prefix, part, _, _)| *prefix == endpoint_prefix && *part == partition)
        .map(|&(_, _, url, signing_region)| (url, Some(signing_region)))
}

/// `(endpoint prefix, partition, URL, signing region)` of every service whose
/// endpoint rules give one endpoint for all regions of a partition, as the pinned
/// botocore (1.44.5) resolves them (listed by `runtime/tests/s3_addressing.rs`, which
/// checks this table against it).
#[rustfmt::skip]
pub const GLOBAL: &[(&str, &str, &str, &str)] = &[
    ("account", "aws", "https://account.us-east-1.amazonaws.com", "us-east-1"),
    ("account", "aws-cn", "https://account.cn-northwest-1.amazonaws.com.cn", "cn-northwest-1"),
    ("account", "aws-us-gov", "https://account.us-gov-west-1.amazonaws.com", "us-gov-west-1"),
    ("artifact", "aws", "https://artifact.us-east-1.amazonaws.com", "us-east-1"),
    ("artifact", "aws-cn", "https://artifact.cn-northwest-1.amazonaws.com.cn", "cn-northwest-1"),
    ("artifact", "aws-us-gov", "https://artifact.us-gov-west-1.amazonaws.com", "us-gov-west-1"),
    ("billing", "aws-cn", "https://billing.cn-northwest-1.amazonaws.com.cn", "cn-northwest-1"),
    ("billing", "aws-us-gov", "https://billing.us-gov-west-1.amazonaws.com", "us-gov-west-1"),
    ("billingconductor", "aws", "https://billingconductor.us-east-1.amazonaws.com", "us-east-1"),
    ("budgets", "aws", "https://budgets.amazonaws.com", "us-east-1"),
    ("budgets", "aws-cn", "https://budgets.amazonaws.com.cn", "cn-northwest-1"),
    ("budgets", "aws-us-gov", "https://budgets.amazonaws.com", "us-gov-west-1"),
    ("ce", "aws", "https://ce.us-east-1.amazonaws.com", "us-east-1"),
    ("ce", "aws-cn", "https://ce.cn-northwest-1.amazonaws.com.cn", "cn-northwest-1"),
    ("ce", "aws-us-gov", "https://ce.us-gov-west-1.amazonaws.com", "us-gov-west-1"),
    ("chime", "aws", "https://chime.us-east-1.amazonaws.com", "us-east-1"),
    ("cloudfront", "aws", "https://cloudfront.amazonaws.com", "us-east-1"),
    ("cloudfront", "aws-cn", "https://cloudfront.cn-northwest-1.amazonaws.com.cn", "cn-northwest-1"),
    ("cloudfront", "aws-us-gov", "https://cloudfront.amazonaws.com", "us-gov-west-1"),
    ("iam", "aws", "https://iam.amazonaws.com", "us-east-1"),
    ("iam", "aws-cn", "https://iam.cn-north-1.amazonaws.com.cn", "cn-north-1"),
    ("iam", "aws-us-gov", "https://iam.us-gov.amazonaws.com", "us-gov-west-1"),
    ("importexport", "aws", "https://importexport.amazonaws.com", "us-east-1"),
    ("networkmanager", "aws", "https://networkmanager.us-west-2.amazonaws.com", "us-west-2"),
    ("networkmanager", "aws-cn", "https://networkmanager.cn-northwest-1.amazonaws.com.cn", "cn-northwest-1"),
    ("networkmanager", "aws-us-gov", "https://networkmanager.us-gov-west-1.amazonaws.com", "us-gov-west-1"),
    ("organizations", "aws", "https://organizations.us-east-1.amazonaws.com", "us-east-1"),
    ("organizations", "aws-cn", "https://organizations.cn-northwest-1.amazonaws.com.cn", "cn-northwest-1"),
    ("organizations", "aws-us-gov", "https://organizations.us-gov-west-1.amazonaws.com", "us-gov-west-1"),
    ("route53", "aws", "https://route53.amazonaws.com", "us-east-1"),
    ("route53", "aws-cn", "https://route53.amazonaws.com.cn", "cn-northwest-1"),
    ("route53", "aws-us-gov", "https://route53.us-gov.amazonaws.com", "us-gov-west-1"),
    ("route53-recovery-control-config", "aws", "https://route53-recovery-control-config.us-west-2.amazonaws.com", "us-west-2"),
    ("route53-recovery-control-config", "aws-cn", "https://route53-recovery-control-config.cn-northwest-1.amazonaws.com.cn", "cn-northwest-1"),
    ("route53-recovery-control-config", "aws-us-gov", "https://route53-recovery-control-config.us-gov-west-1.amazonaws.com", "us-gov-west-1"),
    ("savingsplans", "aws", "https://savingsplans.amazonaws.com", "us-east-1"),
    ("shield", "aws", "https://shield.us-east-1.amazonaws.com", "us-east-1"),
    ("support", "aws", "https://support.us-east-1.amazonaws.com", "us-east-1"),
    ("support", "aws-cn", "https://support.cn-north-1.amazonaws.com.cn", "cn-north-1"),
    ("support", "aws-us-gov", "https://support.us-gov-west-1.amazonaws.com", "us-gov-west-1"),
    ("tax", "aws", "https://tax.us-east-1.amazonaws.com", "us-east-1"),
    ("tax", "aws-cn", "https://tax.cn-northwest-1.amazonaws.com.cn", "cn-northwest-1"),
    ("tax", "aws-us-gov", "https://tax.us-gov-west-1.amazonaws.com", "us-gov-west-1"),
    ("waf", "aws", "https://waf.amazonaws.com", "us-east-1"),
];
