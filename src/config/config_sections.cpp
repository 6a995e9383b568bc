#include "config_sections.h"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "leader_election_section.h"
#include "scalar_readers.h"
#include "scalar_text.h"

namespace lecter::config_internal {
namespace {

constexpr std::int64_t kMaxIntervalMs = 24LL * 3600 * 1000;
constexpr std::int64_t kMaxPingTimeoutMs = 3600LL * 1000;
constexpr std::int64_t kMaxThreshold = 100;
constexpr std::int64_t kMaxInflight = 1000000;
constexpr std::int64_t kMaxConcurrentWrites = 1024;
constexpr std::int64_t kMaxRequestRate = 1000000;

constexpr std::string_view kInClusterTokenPath = "/var/run/secrets/kubernetes.io/serviceaccount/token";
constexpr std::string_view kDefaultEndpointApi = "/api/v1/namespaces/myNameSpaces/endpoints/myEndPoints";

std::string readUrl(const YamlValue& value) {
  std::string url = readString(value);
  if (url.empty()) return url;  // in cluster: built from $KUBERNETES_SERVICE_HOST/_PORT
  const bool https = url.rfind("https://", 0) == 0;
  const bool http = url.rfind("http://", 0) == 0;
  const std::size_t host_at = https ? 8 : 7;
  if ((!https && !http) || url.size() == host_at || url[host_at] == '/' || hasControlOrSpace(url)) {
    value.fail("must be empty (in cluster) or an address such as https://198.18.0.10:6443, got " +
               value.describe());
  }
  // The API paths start with '/', so a trailing one here would double it.
  while (url.back() == '/') url.pop_back();
  return url;
}

std::string readEndpointApi(const YamlValue& value) {
  const std::string path = readString(value);
  if (path.empty() || path.front() != '/' || hasControlOrSpace(path) ||
      path.find("myNameSpaces") == std::string::npos || path.find("myEndPoints") == std::string::npos) {
    value.fail(
        "must be a path starting with '/' that holds the placeholders myNameSpaces and myEndPoints, got " +
        value.describe());
  }
  return path;
}

std::string readKubeconfigPath(const YamlValue& value) {
  const std::string path = readString(value);
  // The shell expands '~', lecter would not: a path starting with it would name a folder called "~".
  if (!path.empty() && path.front() == '~')
    value.fail("must be a path without '~' (write the home folder out), got " + value.describe());
  return path;
}

std::vector<std::string> tokenPaths(const std::string& token_file) {
  if (token_file.empty()) return {std::string(kInClusterTokenPath)};
  if (token_file == "default") return {"./token", "./conf/token"};
  return {token_file};
}

bool isHostName(std::string_view host) {
  if (host.empty() || host.size() > 253 || host.front() == '.' || host.front() == '-') return false;
  for (const char c : host) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
                    c == '.' || c == '_';
    if (!ok) return false;
  }
  return true;
}

[[noreturn]] void failListenAddress(const YamlValue& value) {
  value.fail(
      "must be IP:PORT (e.g. 0.0.0.0:9090, 127.0.0.1:9090 or [::]:9090), or empty for no listener, got " +
      value.describe());
}

std::string readListenAddress(const YamlValue& value) {
  const std::string text = readString(value);
  if (text.empty()) return text;
  auto address = parseListenAddress(text);
  if (!address) failListenAddress(value);
  return std::move(*address);
}

[[noreturn]] void failRedisAddress(const YamlValue& value) {
  value.fail("must be host:port (e.g. 198.18.0.20:6379 or [2001:db8::20]:6379), got " + value.describe());
}

// "host:port", "198.18.0.20:6379" or "[2001:db8::20]:6379".
void readRedisAddress(const YamlValue& value, RedisConfig& redis) {
  const std::string text = readString(value);
  const std::size_t colon = text.rfind(':');
  if (colon == std::string::npos) failRedisAddress(value);
  std::string host = text.substr(0, colon);
  const auto port = parsePort(std::string_view(text).substr(colon + 1));
  if (!port) failRedisAddress(value);
  if (host.size() >= 2 && host.front() == '[' && host.back() == ']') {
    host = host.substr(1, host.size() - 2);
    const auto address = parseIpAddress(host);
    if (!address || address->family != IpFamily::V6) failRedisAddress(value);
  } else if (!isHostName(host)) {
    failRedisAddress(value);
  }
  redis.host = host;
  redis.port = *port;
}

}  // namespace

void readMyConf(const YamlValue& value, Config& config) {
  const YamlMap map(value, "a mapping with interval and pingtimeout");
  map.allowOnly({"interval", "pingtimeout", "rise", "fall", "all_down", "max_inflight", "min_healthy_percent",
                 "partition_guard_percent", "listen"});
  config.interval = std::chrono::milliseconds(
      readInteger(map.require("interval"), 1, kMaxIntervalMs, "a whole number of milliseconds"));
  config.ping_timeout = std::chrono::milliseconds(
      readInteger(map.require("pingtimeout"), 1, kMaxPingTimeoutMs, "a whole number of milliseconds"));
  if (const auto rise = map.find("rise"); rise && !rise->isNull()) {
    config.rise = static_cast<int>(readInteger(*rise, 1, kMaxThreshold, "a whole number"));
  }
  if (const auto fall = map.find("fall"); fall && !fall->isNull()) {
    config.fall = static_cast<int>(readInteger(*fall, 1, kMaxThreshold, "a whole number"));
  }
  if (const auto all_down = map.find("all_down"); all_down && !all_down->isNull()) {
    config.all_down =
        readChoice(*all_down, {"keep", "empty"}) == "empty" ? AllDownPolicy::Empty : AllDownPolicy::Keep;
  }
  if (const auto inflight = map.find("max_inflight"); inflight && !inflight->isNull()) {
    config.max_inflight =
        static_cast<std::size_t>(readInteger(*inflight, 0, kMaxInflight, "a whole number of probes"));
  }
  if (const auto min_healthy = map.find("min_healthy_percent"); min_healthy && !min_healthy->isNull()) {
    config.min_healthy_percent = static_cast<int>(readInteger(*min_healthy, 0, 100, "a whole percentage"));
  }
  if (const auto guard = map.find("partition_guard_percent"); guard && !guard->isNull()) {
    config.partition_guard_percent = static_cast<int>(readInteger(*guard, 0, 100, "a whole percentage"));
  }
  if (const auto listen = map.find("listen"); listen && !listen->isNull())
    config.listen = readListenAddress(*listen);
}

KubernetesConfig readKubernetesConf(const YamlValue& value, bool has_redis, bool leader_elect) {
  const YamlMap map(value, "a mapping (url, endpointapi, content_type, token_file, …)");
  map.allowOnly({"url", "endpointapi", "content_type", "token_file", "ca_file", "insecure_skip_tls_verify",
                 "kubeconfig", "unhealthy", "mode", "watch", "max_concurrent_writes", "qps", "burst",
                 "leader_election", "shards"});
  KubernetesConfig kube;
  if (const auto url = map.find("url")) kube.url = readUrl(*url);
  kube.endpoint_api = std::string(kDefaultEndpointApi);
  if (const auto api = map.find("endpointapi"); api && !api->isNull())
    kube.endpoint_api = readEndpointApi(*api);
  kube.content_type = "application/yaml";
  if (const auto type = map.find("content_type"); type && !type->isNull()) {
    kube.content_type = readChoice(*type, {"application/yaml", "application/json"});
  }
  std::string token_file;
  if (const auto token = map.find("token_file")) token_file = readString(*token);
  kube.token_paths = tokenPaths(token_file);
  if (const auto ca = map.find("ca_file")) kube.ca_file = readString(*ca);
  if (const auto skip = map.find("insecure_skip_tls_verify"); skip && !skip->isNull()) {
    kube.insecure_skip_tls_verify = readBool(*skip);
  }
  if (const auto kubeconfig = map.find("kubeconfig")) kube.kubeconfig = readKubeconfigPath(*kubeconfig);
  if (const auto unhealthy = map.find("unhealthy"); unhealthy && !unhealthy->isNull()) {
    kube.unhealthy = readChoice(*unhealthy, {"drop", "not_ready"}) == "not_ready" ? UnhealthyPolicy::NotReady
                                                                                  : UnhealthyPolicy::Drop;
  }
  if (const auto mode = map.find("mode"); mode && !mode->isNull()) {
    kube.mode = readChoice(*mode, {"endpoints", "endpointslice"}) == "endpointslice" ? SyncMode::EndpointSlice
                                                                                     : SyncMode::Endpoints;
  }
  if (const auto watch = map.find("watch"); watch && !watch->isNull()) kube.watch = readBool(*watch);
  if (const auto writes = map.find("max_concurrent_writes"); writes && !writes->isNull()) {
    kube.max_concurrent_writes =
        static_cast<std::size_t>(readInteger(*writes, 1, kMaxConcurrentWrites, "a whole number of requests"));
  }
  if (const auto qps = map.find("qps"); qps && !qps->isNull()) {
    kube.qps =
        static_cast<int>(readInteger(*qps, 1, kMaxRequestRate, "a whole number of requests per second"));
  }
  if (const auto burst = map.find("burst"); burst && !burst->isNull()) {
    kube.burst = static_cast<int>(readInteger(*burst, 1, kMaxRequestRate, "a whole number of requests"));
  }
  if (const auto election = map.find("leader_election"))
    kube.leader_election = readLeaderElection(*election, has_redis);
  if (leader_elect) kube.leader_election.enabled = true;
  if (const auto shards = map.find("shards"); shards && !shards->isNull())
    kube.shards = readShards(*shards, kube.leader_election);
  return kube;
}

std::optional<RedisConfig> readStorageConf(const YamlValue& value) {
  if (value.isNull()) return std::nullopt;
  const YamlMap storage(value, "a mapping (redis)");
  storage.allowOnly({"redis"});
  const auto redis_value = storage.find("redis");
  if (!redis_value) return std::nullopt;
  const YamlMap map(*redis_value, "a mapping with ipport (and password, db, key_prefix)");
  map.allowOnly({"ipport", "password", "db", "key_prefix"});
  RedisConfig redis;
  readRedisAddress(map.require("ipport"), redis);
  if (const auto password = map.find("password")) redis.password = readString(*password, /*echo=*/false);
  if (const auto db = map.find("db"); db && !db->isNull()) {
    redis.db = static_cast<int>(readInteger(*db, 0, 2147483647, "a whole number"));
  }
  if (const auto prefix = map.find("key_prefix"); prefix && !prefix->isNull()) {
    redis.key_prefix = readString(*prefix);
    if (redis.key_prefix.empty() || hasControlOrSpace(redis.key_prefix)) {
      prefix->fail("must be a non-empty name without spaces, got " + prefix->describe());
    }
  }
  return redis;
}

}  // namespace lecter::config_internal
