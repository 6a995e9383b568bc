#pragma once
// `- probe: {type: …}` of a service (and `probe:` of one of its ports): how its targets are probed.

#include <memory>
#include <string>
#include <vector>

#include "lecter/probe/probe_spec.h"
#include "yaml_value.h"

namespace lecter::config_internal {

/// The probe spec at `value`, every key checked for its type. `warnings` gets one for a probe that
/// skips certificate verification.
std::shared_ptr<const ProbeSpec> readProbe(const YamlValue& value, std::vector<std::string>& warnings);

}  // namespace lecter::config_internal
