#include "status_command.h"

#include <map>
#include <optional>
#include <ostream>
#include <utility>

#include "cycle_status.h"
#include "lecter/kube/curl_http_client.h"
#include "lecter/obs/status_views.h"
#include "lecter/store/redis_state_store.h"

namespace lecter {
namespace {

constexpr int kExitHealthy = 0;
constexpr int kExitUnhealthy = 1;
constexpr int kExitNoSource = 2;
constexpr std::chrono::milliseconds kListenerTimeout{5000};

/// Where a client on this machine reaches my_conf.listen: an any-address is reached on loopback.
std::string localUrlOf(const std::string& listen) {
  const auto colon = listen.rfind(':');
  std::string host = listen.substr(0, colon);
  if (host == "0.0.0.0") host = "127.0.0.1";
  if (host == "[::]") host = "[::1]";
  return "http://" + host + listen.substr(colon);
}

/// The state as the daemon shows it; nullopt, with the reason in `problem`, when it could not be read.
std::optional<StatusSnapshot> fromListener(const std::string& listen, std::string& problem) {
  const std::string url = localUrlOf(listen);
  CurlHttpClient client(url, TlsOptions{});
  HttpRequest request;
  request.path = "/status.json";
  request.timeout = kListenerTimeout;
  const HttpResponse response = client.send(request);
  if (response.transportFailed()) {
    problem = url + "/status.json: " + response.error;
    return std::nullopt;
  }
  if (response.status != 200) {
    problem = url + "/status.json answered " + std::to_string(response.status);
    return std::nullopt;
  }
  try {
    return statusFromJson(response.body);
  } catch (const StatusFormatError& e) {
    problem = url + "/status.json: " + e.what();
    return std::nullopt;
  }
}

/// The state the daemon recorded in Redis, for the config's targets in its order; a target with no
/// record yet shows as pending.
std::optional<StatusSnapshot> fromRedis(const Config& config, const Clock& clock, std::string& problem) {
  const RedisConfig& redis = *config.redis;
  RedisStateStore store(redis, clock);
  std::vector<TargetRecord> saved = store.restoreTargets();
  if (!store.backendUp().value_or(false)) {
    problem = "redis at " + redis.host + ":" + std::to_string(redis.port) + " could not be read";
    return std::nullopt;
  }
  std::map<std::string, TargetRecord> by_key;
  for (TargetRecord& record : saved) {
    const std::string key = TargetId{record.service, record.ip, record.port}.key();
    by_key.emplace(key, std::move(record));
  }
  StatusSnapshot snapshot;
  for (const ServiceSpec& service : config.services) {
    for (const TargetSpec& target : service.targets) {
      const TargetId id{service.key, target.ip.text, target.port};
      const auto it = by_key.find(id.key());
      if (it != by_key.end()) {
        StatusTarget row = statusTargetOf(it->second);
        row.name = target.name;  // the config's name wins over one recorded before a rename
        snapshot.targets.push_back(std::move(row));
        continue;
      }
      StatusTarget row;
      row.service = service.key;
      row.name = target.name;
      row.address = id.endpoint();
      row.state = "pending";
      row.error = "no state recorded yet";
      snapshot.targets.push_back(std::move(row));
    }
  }
  snapshot.services = summarizeServices(snapshot.targets);
  return snapshot;
}

}  // namespace

int runStatusCommand(const Config& config, const StatusCommandOptions& options, const Clock& clock,
                     std::ostream& out, std::ostream& err) {
  const bool listener = !config.listen.empty() && options.from != "redis";
  const bool redis = config.redis.has_value() && options.from != "listener";
  if (!listener && !redis) {
    err << "lecter status: " << config.source_path << " names no source for "
        << (options.from == "auto" ? "the state" : options.from)
        << ": set my_conf.listen (the daemon's /status.json) or storage_conf.redis\n";
    return kExitNoSource;
  }
  std::optional<StatusSnapshot> snapshot;
  std::string problem;
  if (listener) snapshot = fromListener(config.listen, problem);
  if (!snapshot && redis) {
    if (!problem.empty()) err << "lecter status: " << problem << "; reading redis instead\n";
    snapshot = fromRedis(config, clock, problem);
  }
  if (!snapshot) {
    err << "lecter status: " << problem << "\n";
    return kExitNoSource;
  }
  if (options.output == "json") {
    out << statusJson(*snapshot);
  } else {
    out << statusTable(*snapshot, toUnixMillis(clock.wallNow()), options.color);
  }
  return snapshot->everyServiceHealthy() ? kExitHealthy : kExitUnhealthy;
}

}  // namespace lecter
