// Config text → loadConfigText. Either a one-line ConfigError that names the file, or a Config whose
// invariants hold; a text loaded strictly also loads with refused addresses allowed (--dry-run).

#include <cstddef>
#include <cstdint>
#include <set>
#include <string>

#include "config/kubernetes_names.h"
#include "fuzz_check.h"
#include "lecter/config/config_loader.h"

namespace {

using lecter::fuzz::check;

constexpr const char* kSource = "fuzz.yaml";

void checkKubernetes(const lecter::KubernetesConfig& kube) {
  if (!kube.url.empty()) {
    check(kube.url.rfind("https://", 0) == 0 || kube.url.rfind("http://", 0) == 0, "url is http(s)://");
    check(kube.url.back() != '/', "url has no trailing '/'");
    check(lecter::fuzz::isOneLine(kube.url) && kube.url.find(' ') == std::string::npos, "url has no space");
  }
  check(!kube.endpoint_api.empty() && kube.endpoint_api.front() == '/', "endpointapi starts with '/'");
  check(kube.endpoint_api.find("myNameSpaces") != std::string::npos &&
            kube.endpoint_api.find("myEndPoints") != std::string::npos,
        "endpointapi holds both placeholders");
  check(kube.content_type == "application/yaml" || kube.content_type == "application/json",
        "content_type is yaml or json");
  check(!kube.token_paths.empty(), "some token path");
  for (const std::string& path : kube.token_paths) check(!path.empty(), "no empty token path");
  check(kube.kubeconfig.empty() || kube.kubeconfig.front() != '~', "kubeconfig path without '~'");
}

void checkRedis(const lecter::RedisConfig& redis) {
  check(!redis.host.empty(), "redis host");
  check(redis.port >= 1, "redis port");
  check(redis.db >= 0, "redis db");
  check(!redis.key_prefix.empty() && redis.key_prefix.find(' ') == std::string::npos, "redis key_prefix");
}

void checkServices(const lecter::Config& config, bool refused_allowed) {
  check(!config.services.empty(), "at least one service");
  std::set<std::string> keys;
  std::set<std::string> objects;
  for (const lecter::ServiceSpec& service : config.services) {
    check(keys.insert(service.key).second, "service keys are distinct");
    check(objects.insert(service.ns + "/" + service.name).second, "one service per Endpoints object");
    check(lecter::config_internal::isDns1123Label(service.ns), "namespace is a DNS-1123 label");
    check(lecter::config_internal::isDns1123Subdomain(service.name), "name is a DNS-1123 subdomain");
    check(service.port >= 1, "service port");
    check(!service.targets.empty(), "at least one target per service");
    std::set<std::string> addresses;
    for (const lecter::TargetSpec& target : service.targets) {
      check(target.port == service.port, "a target's port is its service's");
      check(!target.name.empty(), "every target has a name");
      const auto reparsed = lecter::parseIpAddress(target.ip.text);
      check(reparsed.has_value() && *reparsed == target.ip, "target ip is canonical");
      check(addresses.insert(target.ip.text).second, "no address twice in a service");
      check(refused_allowed || target.ip.refusedByKubernetes().empty(), "no refused address when strict");
    }
  }
}

void checkInvariants(const lecter::LoadedConfig& loaded, bool refused_allowed) {
  const lecter::Config& config = loaded.config;
  check(config.source_path == kSource, "source_path");
  check(config.interval.count() >= 1 && config.interval.count() <= 24LL * 3600 * 1000, "interval in range");
  check(config.ping_timeout.count() >= 1 && config.ping_timeout.count() <= 3600LL * 1000,
        "pingtimeout in range");
  check(config.rise >= 1 && config.rise <= 100 && config.fall >= 1 && config.fall <= 100, "rise/fall");
  check(config.max_inflight <= 1000000, "max_inflight in range");
  checkKubernetes(config.kubernetes);
  if (config.redis) checkRedis(*config.redis);
  checkServices(config, refused_allowed);
  const nlohmann::json& templ = config.endpoint_template;
  check(templ.is_object() && templ.value("kind", "") == "Endpoints" && templ.value("apiVersion", "") == "v1",
        "endpoint_template is a v1 Endpoints");
  (void)templ.dump();  // written into every Endpoints object: it must serialise
  for (const std::string& warning : loaded.warnings) {
    check(warning.rfind(std::string(kSource) + ":", 0) == 0, "a warning names the file");
    check(lecter::fuzz::isOneLine(warning), "a warning is one line");
  }
}

/// Loads `text`; true when it loaded (then its invariants were checked).
bool load(const std::string& text, bool refused_allowed) {
  try {
    checkInvariants(lecter::loadConfigText(text, kSource, {.allow_refused_addresses = refused_allowed}),
                    refused_allowed);
    return true;
  } catch (const lecter::ConfigError& error) {
    const std::string message = error.what();
    check(message.rfind(std::string(kSource) + ":", 0) == 0, "a ConfigError names the file");
    check(lecter::fuzz::isOneLine(message), "a ConfigError is one line: " + message);
    return false;
  }
  // Anything else escapes: libFuzzer reports the uncaught exception as a crash.
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string text = lecter::fuzz::inputText(data, size);
  const bool strict = load(text, /*refused_allowed=*/false);
  const bool lenient = load(text, /*refused_allowed=*/true);
  check(!strict || lenient, "a config loaded strictly also loads with refused addresses allowed");
  return 0;
}
