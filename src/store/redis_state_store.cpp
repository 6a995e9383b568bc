#include "lecter/store/redis_state_store.h"

#include <algorithm>
#include <array>
#include <cstdio>
#include <map>
#include <set>
#include <string_view>

#include "lecter/obs/log.h"
#include "lecter/store/memory_state_store.h"
#include "redis_connection.h"
#include "redis_login.h"
#include "redis_schema.h"

namespace lecter {

using store::PipelineResult;
using store::RedisCommand;
using store::RedisConnection;
using store::RedisReply;
using store::replyProblem;

namespace {

/// Error replies that say the server as a whole cannot take writes now (not that one command was
/// wrong): they are handled like an outage, so the state is kept and written again later.
bool isServerWideError(const RedisReply& reply) {
  static constexpr std::array<std::string_view, 8> kPrefixes = {
      "NOAUTH", "WRONGPASS", "LOADING", "READONLY", "MISCONF", "MASTERDOWN", "BUSY", "OOM"};
  if (reply.type != RedisReply::Type::Error) return false;
  return std::any_of(kPrefixes.begin(), kPrefixes.end(),
                     [&](std::string_view prefix) { return reply.text.rfind(prefix, 0) == 0; });
}

std::string formatDuration(std::chrono::milliseconds duration) {
  const long long ms = duration.count();
  if (ms < 1000) return std::to_string(ms) + " ms";
  if (ms < 60'000) {
    std::array<char, 32> text{};
    std::snprintf(text.data(), text.size(), "%.1f s", static_cast<double>(ms) / 1000.0);
    return text.data();
  }
  const long long seconds = ms / 1000;
  if (seconds < 3600) return std::to_string(seconds / 60) + " min " + std::to_string(seconds % 60) + " s";
  return std::to_string(seconds / 3600) + " h " + std::to_string((seconds % 3600) / 60) + " min";
}

void appendFields(RedisCommand& command, const store::RedisFields& fields) {
  for (const auto& [field, value] : fields) {
    command.push_back(field);
    command.push_back(value);
  }
}

}  // namespace

struct RedisStateStore::Impl {
  Impl(RedisConfig redis_config, const Clock& store_clock, RedisStoreOptions store_options)
      : config(std::move(redis_config)),
        clock(store_clock),
        options(store_options),
        backoff(store_options.backoff_initial) {}

  RedisConfig config;
  const Clock& clock;
  RedisStoreOptions options;
  std::unique_ptr<RedisConnection> connection;

  // The latest record of everything ever seen, so a Redis that comes back (perhaps empty: it may
  // have restarted without persistence) can be given the whole state again.
  std::map<std::string, TargetRecord> targets;    // by TargetId::key()
  std::map<std::string, ServiceRecord> services;  // by service key
  std::set<std::string> dirty_targets;
  std::set<std::string> dirty_services;
  std::deque<TransitionRecord> queued_transitions;  // oldest first, not yet in the stream

  std::size_t connect_attempts = 0;
  std::chrono::milliseconds backoff;
  SteadyTime next_attempt{};  // the epoch: the first attempt may happen at once

  bool in_outage = false;
  SteadyTime outage_since{};
  std::string last_failure;  // why the last attempt failed, already scrubbed
  std::size_t dropped_transitions = 0;
  bool write_errors_reported = false;

  /// `text` with the password, should Redis ever echo it, blotted out.
  [[nodiscard]] std::string scrub(std::string text) const {
    const std::string& secret = config.password;
    if (secret.empty()) return text;
    for (auto at = text.find(secret); at != std::string::npos; at = text.find(secret, at + 3)) {
      text.replace(at, secret.size(), "***");
    }
    return text;
  }

  [[nodiscard]] std::string where() const {
    std::string text = config.host + ":" + std::to_string(config.port);
    if (config.db != 0) text += " db " + std::to_string(config.db);
    return text;
  }

  bool connect() {
    ++connect_attempts;
    std::string error;
    auto candidate = store::openLoggedIn(config, options.timeout, error);
    if (!candidate) {
      fail(error);
      return false;
    }
    connection = std::move(candidate);
    onConnected();
    return true;
  }

  void onConnected() {
    // A Redis that was away and comes back may be empty (restarted without persistence): give it
    // everything again.
    for (const auto& [key, target] : targets) dirty_targets.insert(key);
    for (const auto& [key, service] : services) dirty_services.insert(key);
    if (in_outage) {
      // Not yet "back": a full or read-only Redis takes connections and still refuses every write.
      log::debug("redis: connected to {} again; the outage ends once a write is taken", where());
    } else {
      log::info("redis: connected to {}", where());
    }
  }

  /// Redis took the writes of a flush: only now does an outage end and the backoff start afresh.
  void onWritesTaken(std::size_t targets_written, std::size_t services_written,
                     std::size_t transitions_written) {
    backoff = options.backoff_initial;
    if (!in_outage) return;
    const auto down_for = std::chrono::duration_cast<std::chrono::milliseconds>(clock.now() - outage_since);
    log::info(
        "redis is back after {}; wrote the latest state of {} targets, {} services and {} queued "
        "transitions",
        formatDuration(down_for), targets_written, services_written, transitions_written);
    if (dropped_transitions > 0) {
      log::warn("redis: {} transitions recorded during the outage were lost (queue limit {})",
                dropped_transitions, options.max_queued_transitions);
    }
    in_outage = false;
    dropped_transitions = 0;
  }

  /// The connection failed or was refused: drop it, say so once per outage, schedule the next try.
  void fail(const std::string& reason) {
    connection.reset();
    last_failure = scrub(reason);
    const SteadyTime now = clock.now();
    if (!in_outage) {
      in_outage = true;
      outage_since = now;
      log::warn(
          "redis at {} is unavailable: {}; keeping the latest state in memory and retrying with backoff",
          where(), last_failure);
    } else {
      log::debug("redis at {} still unavailable: {}", where(), last_failure);
    }
    next_attempt = now + backoff;
    backoff = std::min(backoff * 2, std::max(options.backoff_max, options.backoff_initial));
  }

  /// True when a connection exists or could be made now; respects the backoff.
  bool ensureConnected() {
    if (connection) return true;
    if (clock.now() < next_attempt) return false;
    return connect();
  }

  void absorb(const CycleRecord& cycle) {
    for (const auto& target : cycle.targets) {
      const std::string key = TargetId{target.service, target.ip, target.port}.key();
      targets[key] = target;
      dirty_targets.insert(key);
    }
    for (const auto& service : cycle.services) {
      services[service.service] = service;
      dirty_services.insert(service.service);
    }
    queued_transitions.insert(queued_transitions.end(), cycle.transitions.begin(), cycle.transitions.end());
  }

  /// Keeps the queue of unwritten transitions within its bound, dropping the oldest.
  void trimQueue() {
    const std::size_t limit = options.max_queued_transitions;
    if (queued_transitions.size() <= limit) return;
    const std::size_t excess = queued_transitions.size() - limit;
    queued_transitions.erase(queued_transitions.begin(),
                             queued_transitions.begin() + static_cast<std::ptrdiff_t>(excess));
    if (dropped_transitions == 0) {
      log::warn("redis: more than {} transitions waiting; dropping the oldest until redis is back",
                options.max_queued_transitions);
    }
    dropped_transitions += excess;
  }

  enum class WriteKind { Index, Target, Service, Transition };
  struct Write {
    WriteKind kind;
    std::string key;  // TargetId::key() or service key
    RedisReply::Type expected;
  };

  /// Writes everything dirty and every queued transition in one pipeline.
  void flush() {
    const std::string& prefix = config.key_prefix;
    std::vector<RedisCommand> commands;
    std::vector<Write> writes;
    if (!dirty_targets.empty()) {
      // The index first: a target is only marked written once its key is also findable.
      RedisCommand index{"SADD", store::targetIndexKey(prefix)};
      index.insert(index.end(), dirty_targets.begin(), dirty_targets.end());
      commands.push_back(std::move(index));
      writes.push_back({WriteKind::Index, {}, RedisReply::Type::Integer});
    }
    for (const auto& key : dirty_targets) {
      RedisCommand hset{"HSET", store::targetHashKey(prefix, key)};
      appendFields(hset, store::targetFields(targets.at(key)));
      commands.push_back(std::move(hset));
      writes.push_back({WriteKind::Target, key, RedisReply::Type::Integer});
    }
    if (!dirty_services.empty()) {
      RedisCommand index{"SADD", store::serviceIndexKey(prefix)};
      index.insert(index.end(), dirty_services.begin(), dirty_services.end());
      commands.push_back(std::move(index));
      writes.push_back({WriteKind::Index, {}, RedisReply::Type::Integer});
    }
    for (const auto& key : dirty_services) {
      RedisCommand hset{"HSET", store::serviceHashKey(prefix, key)};
      appendFields(hset, store::serviceFields(services.at(key)));
      commands.push_back(std::move(hset));
      writes.push_back({WriteKind::Service, key, RedisReply::Type::Integer});
    }
    for (const auto& transition : queued_transitions) {
      RedisCommand xadd{"XADD", store::transitionStreamKey(prefix),     "MAXLEN",
                        "~",    std::to_string(options.stream_max_len), "*"};
      appendFields(xadd, store::transitionFields(transition));
      commands.push_back(std::move(xadd));
      writes.push_back({WriteKind::Transition, {}, RedisReply::Type::String});
    }
    if (commands.empty()) return;
    const std::size_t dirty_target_count = dirty_targets.size();
    const std::size_t dirty_service_count = dirty_services.size();

    const PipelineResult result = connection->pipeline(commands);
    std::size_t transitions_done = 0;
    std::vector<std::string> refused;
    std::optional<std::string> outage;
    for (std::size_t i = 0; i < result.replies.size() && i < commands.size(); ++i) {
      const RedisReply& reply = result.replies[i];
      const Write& write = writes[i];
      if (const auto problem = replyProblem(commands[i], reply, write.expected)) {
        if (isServerWideError(reply)) {
          outage = *problem;
          break;
        }
        // This one command is wrong (e.g. someone else's key of another type sits there):
        // retrying it would fail the same way, so it counts as done and is reported.
        refused.push_back(*problem);
      }
      switch (write.kind) {
        case WriteKind::Index:
          break;
        case WriteKind::Target:
          dirty_targets.erase(write.key);
          break;
        case WriteKind::Service:
          dirty_services.erase(write.key);
          break;
        case WriteKind::Transition:
          ++transitions_done;
          break;
      }
    }
    // Replies that never came may still have been applied; sending them again can at worst add a
    // transition twice, which beats losing it.
    queued_transitions.erase(queued_transitions.begin(),
                             queued_transitions.begin() + static_cast<std::ptrdiff_t>(transitions_done));
    reportRefused(refused, commands.size());
    if (!outage && !result.ok()) outage = result.error;
    if (outage) {
      fail(*outage);
      return;
    }
    onWritesTaken(dirty_target_count, dirty_service_count, transitions_done);
  }

  /// One warning while commands keep being refused, one info line when they stop.
  void reportRefused(const std::vector<std::string>& refused, std::size_t total) {
    if (refused.empty()) {
      if (write_errors_reported) log::info("redis accepts every write again");
      write_errors_reported = false;
      return;
    }
    if (!write_errors_reported) {
      log::warn("redis refused {} of {} writes, first: {}", refused.size(), total, scrub(refused.front()));
      write_errors_reported = true;
    } else {
      log::debug("redis still refuses {} of {} writes, first: {}", refused.size(), total,
                 scrub(refused.front()));
    }
  }

  /// The string members of the index set `index_key` (others are skipped with a warning), or nullopt
  /// when it cannot be read, with why in `problem` (scrubbed). Connected when called.
  std::optional<std::vector<std::string>> indexMembers(const std::string& index_key, std::string& problem) {
    const RedisCommand smembers{"SMEMBERS", index_key};
    const PipelineResult listed = connection->pipeline({smembers});
    if (!listed.ok()) {
      fail(listed.error);
      problem = last_failure;
      return std::nullopt;
    }
    const RedisReply& members = listed.replies.front();
    if (const auto refused = replyProblem(smembers, members, RedisReply::Type::Array)) {
      if (isServerWideError(members)) fail(*refused);
      problem = scrub(*refused);
      return std::nullopt;
    }
    std::vector<std::string> keys;
    for (const auto& member : members.elements) {
      if (member.type != RedisReply::Type::String) {
        log::warn("redis: skipping a member of {} that is a {}, not a string", index_key,
                  store::toString(member.type));
        continue;
      }
      keys.push_back(member.text);
    }
    return keys;
  }

  void keepOnly(const std::set<std::string>& keep_targets, const std::set<std::string>& keep_services) {
    // What is kept to be written again after an outage goes first, so it cannot bring them back.
    std::erase_if(targets, [&](const auto& entry) { return !keep_targets.contains(entry.first); });
    std::erase_if(services, [&](const auto& entry) { return !keep_services.contains(entry.first); });
    std::erase_if(dirty_targets, [&](const std::string& key) { return !keep_targets.contains(key); });
    std::erase_if(dirty_services, [&](const std::string& key) { return !keep_services.contains(key); });
    if (!ensureConnected()) return;
    const std::string& prefix = config.key_prefix;
    std::vector<RedisCommand> removals;
    std::size_t stale_targets = 0;
    std::size_t stale_services = 0;
    const auto removeStale = [&](const std::string& index_key, const std::set<std::string>& keep,
                                 std::string (*hash_key)(const std::string&, const std::string&),
                                 std::size_t& count) {
      std::string problem;
      const auto members = indexMembers(index_key, problem);
      if (!members) {
        log::warn("redis: records no longer in the config not removed ({})", problem);
        return;
      }
      RedisCommand srem{"SREM", index_key};
      for (const std::string& member : *members) {
        if (keep.contains(member)) continue;
        removals.push_back({"DEL", hash_key(prefix, member)});
        srem.push_back(member);
        ++count;
      }
      // The hashes first: a key that stays listed is found and removed again next time.
      if (srem.size() > 2) removals.push_back(std::move(srem));
    };
    removeStale(store::targetIndexKey(prefix), keep_targets, store::targetHashKey, stale_targets);
    if (!connection) return;
    removeStale(store::serviceIndexKey(prefix), keep_services, store::serviceHashKey, stale_services);
    if (removals.empty() || !connection) return;
    const PipelineResult removed = connection->pipeline(removals);
    if (!removed.ok()) {
      fail(removed.error);
      return;
    }
    log::info("redis: removed the records of {} targets and {} services no longer in the config",
              stale_targets, stale_services);
  }

  std::vector<TargetRecord> restore() {
    if (!ensureConnected()) {
      log::warn("redis: no saved target state restored, {} cannot be reached ({}); counters start afresh",
                where(), last_failure);
      return {};
    }
    std::string problem;
    const auto members = indexMembers(store::targetIndexKey(config.key_prefix), problem);
    if (!members) {
      log::warn("redis: no saved target state restored ({}); counters start afresh", problem);
      return {};
    }

    std::vector<std::string> keys;
    std::vector<RedisCommand> reads;
    for (const std::string& member : *members) {
      keys.push_back(store::targetHashKey(config.key_prefix, member));
      reads.push_back({"HGETALL", keys.back()});
    }
    const PipelineResult read = connection->pipeline(reads);

    std::vector<TargetRecord> restored;
    for (std::size_t i = 0; i < read.replies.size() && i < reads.size(); ++i) {
      if (auto target = parseTarget(keys[i], reads[i], read.replies[i]))
        restored.push_back(std::move(*target));
    }
    if (!read.ok()) {
      fail(read.error);
      log::warn("redis: restored only {} of {} saved targets ({})", restored.size(), reads.size(),
                last_failure);
    }
    log::info("redis: restored the state of {} targets", restored.size());
    return restored;
  }

  std::optional<TargetRecord> parseTarget(const std::string& key, const RedisCommand& command,
                                          const RedisReply& reply) const {
    if (const auto problem = replyProblem(command, reply, RedisReply::Type::Array)) {
      log::warn("redis: skipping saved target {}: {}", key, scrub(*problem));
      return std::nullopt;
    }
    if (reply.elements.empty()) {
      log::debug("redis: {} is listed in the index but holds nothing", key);
      return std::nullopt;
    }
    std::map<std::string, std::string> fields;
    for (std::size_t i = 0; i + 1 < reply.elements.size(); i += 2) {
      const RedisReply& field = reply.elements[i];
      const RedisReply& value = reply.elements[i + 1];
      if (field.type != RedisReply::Type::String || value.type != RedisReply::Type::String) {
        log::warn("redis: skipping saved target {}: HGETALL answered with a {} among its fields", key,
                  store::toString(field.type != RedisReply::Type::String ? field.type : value.type));
        return std::nullopt;
      }
      fields[field.text] = value.text;
    }
    std::vector<std::string> problems;
    auto target = store::parseTargetFields(fields, problems);
    for (const auto& problem : problems) {
      if (target) {
        log::warn("redis: saved target {}: {}; that field is ignored", key, scrub(problem));
      } else {
        log::warn("redis: skipping saved target {}: {}", key, scrub(problem));
      }
    }
    return target;
  }
};

RedisStateStore::RedisStateStore(RedisConfig config, const Clock& clock, RedisStoreOptions options)
    : impl_(std::make_unique<Impl>(std::move(config), clock, options)) {
  impl_->connect();
}

RedisStateStore::~RedisStateStore() = default;

void RedisStateStore::record(const CycleRecord& cycle) {
  impl_->absorb(cycle);
  if (impl_->ensureConnected()) impl_->flush();
  // Only what is still unwritten counts against the bound, so a healthy Redis gets everything.
  impl_->trimQueue();
}

std::vector<TargetRecord> RedisStateStore::restoreTargets() { return impl_->restore(); }

void RedisStateStore::keepOnly(const std::set<std::string>& targets, const std::set<std::string>& services) {
  impl_->keepOnly(targets, services);
}

std::optional<bool> RedisStateStore::backendUp() const {
  return impl_->connection != nullptr && !impl_->in_outage;
}

bool RedisStateStore::connected() const { return impl_->connection != nullptr; }

std::size_t RedisStateStore::connectAttempts() const { return impl_->connect_attempts; }

}  // namespace lecter
