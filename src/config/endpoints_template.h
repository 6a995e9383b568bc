#pragma once
/// endpoint_template: the Endpoints object every service's object is rendered from.

#include <nlohmann/json.hpp>

#include "yaml_value.h"

namespace lecter::config_internal {

/// Checks that `value` is an Endpoints object — kind Endpoints, apiVersion v1, metadata a mapping
/// of ObjectMeta fields, subsets absent or a list of subsets whose ports carry a valid name, port
/// and protocol (TCP, UDP or SCTP) — and returns it as JSON. Label and annotation values become
/// strings, as the ApiServer requires; an absent metadata becomes {}.
nlohmann::json readEndpointsTemplate(const YamlValue& value);

}  // namespace lecter::config_internal
