// /status.json, and reading it back for `lecter status`: the answer may come from any process on
// that port, so every field is checked and a wrong one named.

#include <nlohmann/json.hpp>

#include <string>

#include "lecter/base/utc_time.h"
#include "lecter/obs/status_views.h"

namespace lecter {
namespace {

using nlohmann::json;
using nlohmann::ordered_json;

ordered_json sinceJson(long long since_ms) {
  return since_ms > 0 ? ordered_json(utcTimestamp(since_ms)) : ordered_json(nullptr);
}

/// Reads the fields of one JSON object, naming each by its path ("targets[3].state") when wrong.
class FieldReader {
 public:
  FieldReader(const json& object, std::string path) : object_(object), path_(std::move(path)) {
    if (!object_.is_object()) fail(path_, "expected an object");
  }

  [[nodiscard]] std::string text(const char* key) const {
    const json& value = member(key);
    if (!value.is_string()) fail(pathOf(key), "expected a string");
    return value.get<std::string>();
  }
  [[nodiscard]] long long integer(const char* key) const {
    const json& value = member(key);
    if (!value.is_number_integer()) fail(pathOf(key), "expected an integer");
    return value.get<long long>();
  }
  [[nodiscard]] std::size_t count(const char* key) const {
    const long long value = integer(key);
    if (value < 0) fail(pathOf(key), "expected a count, got " + std::to_string(value));
    return static_cast<std::size_t>(value);
  }
  [[nodiscard]] bool flag(const char* key) const {
    const json& value = member(key);
    if (!value.is_boolean()) fail(pathOf(key), "expected true or false");
    return value.get<bool>();
  }
  /// A number, or nullopt when the key is absent or null.
  [[nodiscard]] std::optional<double> optionalNumber(const char* key) const {
    const auto it = object_.find(key);
    if (it == object_.end() || it->is_null()) return std::nullopt;
    if (!it->is_number()) fail(pathOf(key), "expected a number or null");
    return it->get<double>();
  }
  /// A string, or `fallback` when the key is absent (a daemon of an earlier version).
  [[nodiscard]] std::string textOr(const char* key, const std::string& fallback) const {
    return object_.contains(key) ? text(key) : fallback;
  }
  [[nodiscard]] const json& array(const char* key) const {
    const json& value = member(key);
    if (!value.is_array()) fail(pathOf(key), "expected an array");
    return value;
  }
  [[nodiscard]] std::string pathOf(const char* key) const { return path_.empty() ? key : path_ + "." + key; }

  [[noreturn]] static void fail(const std::string& path, const std::string& problem) {
    throw StatusFormatError((path.empty() ? std::string("the answer") : path) + ": " + problem);
  }

 private:
  const json& member(const char* key) const {
    const auto it = object_.find(key);
    if (it == object_.end()) fail(pathOf(key), "missing");
    return *it;
  }

  const json& object_;
  std::string path_;
};

std::string itemPath(const FieldReader& parent, const char* key, std::size_t i) {
  return parent.pathOf(key) + "[" + std::to_string(i) + "]";
}

StatusTarget readTarget(const FieldReader& fields) {
  StatusTarget target;
  target.service = fields.text("service");
  target.name = fields.text("target");
  target.address = fields.text("address");
  target.state = fields.text("state");
  if (target.state != "healthy" && target.state != "unhealthy" && target.state != "pending")
    FieldReader::fail(fields.pathOf("state"),
                      "expected healthy, unhealthy or pending, got '" + target.state + "'");
  target.since_ms = fields.integer("since_ms");
  target.outcome = fields.text("outcome");
  target.error = fields.text("error");
  target.latency_us = fields.integer("latency_us");
  target.probe = fields.textOr("probe", "tcp");
  target.cert_days_left = fields.optionalNumber("cert_days_left");
  const json& history = fields.array("history");
  for (std::size_t i = 0; i < history.size(); ++i) {
    const FieldReader sample(history[i], itemPath(fields, "history", i));
    target.history.push_back(StatusSample{sample.integer("latency_us"), sample.flag("up")});
  }
  return target;
}

StatusService readService(const FieldReader& fields) {
  return StatusService{fields.text("service"), fields.count("healthy"), fields.count("targets"),
                       fields.text("sync"), fields.text("detail")};
}

}  // namespace

std::string statusJson(const StatusSnapshot& snapshot) {
  ordered_json services = ordered_json::array();
  for (const StatusService& service : snapshot.services) {
    services.push_back({{"service", service.service},
                        {"healthy", service.healthy},
                        {"targets", service.targets},
                        {"sync", service.sync},
                        {"detail", service.detail}});
  }
  ordered_json targets = ordered_json::array();
  for (const StatusTarget& target : snapshot.targets) {
    ordered_json history = ordered_json::array();
    for (const StatusSample& sample : target.history)
      history.push_back({{"latency_us", sample.latency_us}, {"up", sample.up}});
    targets.push_back(
        {{"service", target.service},
         {"target", target.name},
         {"address", target.address},
         {"state", target.state},
         {"since", sinceJson(target.since_ms)},
         {"since_ms", target.since_ms},
         {"outcome", target.outcome},
         {"error", target.error},
         {"latency_us", target.latency_us},
         {"probe", target.probe},
         {"cert_days_left", target.cert_days_left ? ordered_json(*target.cert_days_left) : ordered_json()},
         {"history", std::move(history)}});
  }
  ordered_json document{{"version", snapshot.version},
                        {"generated", sinceJson(snapshot.generated_ms)},
                        {"generated_ms", snapshot.generated_ms}};
  if (snapshot.election) {
    document["election"] = ordered_json{{"identity", snapshot.election->identity},
                                        {"leading", snapshot.election->leading},
                                        {"leader", snapshot.election->leader}};
    if (snapshot.election->shards > 0) {
      document["election"]["shards"] = ordered_json{{"count", snapshot.election->shards},
                                                    {"owned", snapshot.election->owned_shards},
                                                    {"replicas", snapshot.election->replicas}};
    }
  }
  document["services"] = std::move(services);
  document["targets"] = std::move(targets);
  // A probe's error text comes from the system, a name from the config: neither may break the JSON.
  return document.dump(1, ' ', false, json::error_handler_t::replace) + "\n";
}

StatusSnapshot statusFromJson(std::string_view text) {
  json document;
  try {
    document = json::parse(text);
  } catch (const json::parse_error& e) {
    throw StatusFormatError(std::string("not JSON: ") + e.what());
  }
  const FieldReader fields(document, "");
  StatusSnapshot snapshot;
  snapshot.version = fields.text("version");
  snapshot.generated_ms = fields.integer("generated_ms");
  if (document.contains("election")) {
    const FieldReader election(document["election"], "election");
    snapshot.election = StatusElection{
        election.text("identity"), election.flag("leading"), election.text("leader"), 0, {}, 0};
    if (document["election"].contains("shards")) {
      const FieldReader shards(document["election"]["shards"], "election.shards");
      snapshot.election->shards = static_cast<std::size_t>(shards.count("count"));
      snapshot.election->replicas = static_cast<std::size_t>(shards.count("replicas"));
      const json& owned = shards.array("owned");
      for (std::size_t i = 0; i < owned.size(); ++i) {
        if (!owned[i].is_number_unsigned())
          FieldReader::fail("election.shards.owned[" + std::to_string(i) + "]", "expected a shard number");
        snapshot.election->owned_shards.push_back(owned[i].get<std::size_t>());
      }
    }
  }
  const json& services = fields.array("services");
  for (std::size_t i = 0; i < services.size(); ++i)
    snapshot.services.push_back(readService(FieldReader(services[i], itemPath(fields, "services", i))));
  const json& targets = fields.array("targets");
  for (std::size_t i = 0; i < targets.size(); ++i)
    snapshot.targets.push_back(readTarget(FieldReader(targets[i], itemPath(fields, "targets", i))));
  return snapshot;
}

}  // namespace lecter
