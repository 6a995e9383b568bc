#pragma once
/// my_conf, kubernetes_conf and storage_conf: each section read into its part of Config.

#include <optional>

#include "lecter/config/config.h"
#include "yaml_value.h"

namespace lecter::config_internal {

/// my_conf: interval and pingtimeout (ms, required), rise, fall (default 1), all_down (keep|empty).
void readMyConf(const YamlValue& value, Config& config);

/// kubernetes_conf: url, endpointapi, content_type, token_file, ca_file, insecure_skip_tls_verify,
/// all optional, with the seed's defaults.
/// kubernetes_conf. `has_redis`: storage_conf names a Redis; `leader_elect`: --leader-elect was given.
KubernetesConfig readKubernetesConf(const YamlValue& value, bool has_redis, bool leader_elect);

/// storage_conf: nullopt when it is empty or holds no redis; redis needs ipport (host:port).
std::optional<RedisConfig> readStorageConf(const YamlValue& value);

}  // namespace lecter::config_internal
