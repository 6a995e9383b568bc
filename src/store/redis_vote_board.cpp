#include "lecter/store/redis_vote_board.h"

#include <algorithm>
#include <set>
#include <utility>

#include "lecter/obs/log.h"
#include "redis_connection.h"
#include "redis_login.h"
#include "vote_schema.h"

namespace lecter {

using store::RedisCommand;
using store::RedisReply;

namespace {

/// KEYS[1] the voters set, KEYS[2] the views' key prefix, ARGV the identities seen without a view:
/// each is removed from the set only if its view is still absent, at once, so no other replica's
/// SADD can come in between. Answers how many were removed.
constexpr const char* kForgetExpired = R"lua(
local removed = 0
for _, identity in ipairs(ARGV) do
  if redis.call('EXISTS', KEYS[2] .. identity) == 0 then
    removed = removed + redis.call('SREM', KEYS[1], identity)
  end
end
return removed
)lua";

constexpr std::chrono::milliseconds kBackoffInitial{500};
constexpr std::chrono::milliseconds kBackoffMax{30000};

}  // namespace

struct RedisVoteBoard::Impl {
  explicit Impl(const Clock& board_clock) : clock(board_clock) {}

  const Clock& clock;
  RedisConfig config;
  std::string board;
  std::chrono::milliseconds timeout;
  std::unique_ptr<store::RedisConnection> connection;
  bool in_outage = false;
  std::chrono::milliseconds backoff = kBackoffInitial;
  SteadyTime next_attempt{};  // the epoch: the first exchange may try at once
  std::size_t connect_attempts = 0;
  std::set<std::string> expired;              // voters whose view was gone: removed from the set next time
  std::set<std::string> unreadable_reported;  // identities whose unreadable view was warned about

  [[nodiscard]] std::string where() const { return config.host + ":" + std::to_string(config.port); }

  /// The replies to `commands` when every one came and is of its expected type; nullopt and `error`.
  std::optional<std::vector<RedisReply>> run(const std::vector<RedisCommand>& commands,
                                             const std::vector<RedisReply::Type>& expected,
                                             std::string& error) {
    if (!connection) {
      ++connect_attempts;
      connection = store::openLoggedIn(config, timeout, error);
    }
    if (!connection) return std::nullopt;
    store::PipelineResult result = connection->pipeline(commands);
    if (!result.ok()) {
      connection.reset();
      error = result.error;
      return std::nullopt;
    }
    for (std::size_t i = 0; i < commands.size(); ++i) {
      if (const auto problem = store::replyProblem(commands[i], result.replies[i], expected[i])) {
        error = *problem;
        return std::nullopt;
      }
    }
    return std::move(result.replies);
  }

  std::optional<std::vector<ReplicaView>> exchange(const ReplicaView& mine, std::chrono::milliseconds ttl) {
    if (clock.now() < next_attempt) return std::nullopt;  // still in the backoff: warned about already
    const std::string voters = store::votersKey(config.key_prefix, board);
    std::vector<RedisCommand> publish;
    std::vector<RedisReply::Type> types;
    if (!expired.empty()) {
      // Only those still without a view: one that published again since it was seen gone stays a voter.
      RedisCommand forget{"EVAL", kForgetExpired, "2", voters, store::viewKey(config.key_prefix, board, "")};
      forget.insert(forget.end(), expired.begin(), expired.end());
      publish.push_back(std::move(forget));
      types.push_back(RedisReply::Type::Integer);
    }
    publish.push_back({"SET", store::viewKey(config.key_prefix, board, mine.identity), store::viewJson(mine),
                       "PX", std::to_string(std::max<long long>(ttl.count(), 1))});
    publish.push_back({"SADD", voters, mine.identity});
    publish.push_back({"SMEMBERS", voters});
    types.insert(types.end(), {RedisReply::Type::Status, RedisReply::Type::Integer, RedisReply::Type::Array});
    std::string error;
    const auto published = run(publish, types, error);
    if (!published) return failed(error);
    expired.clear();

    std::vector<std::string> others;
    for (const RedisReply& member : published->back().elements) {
      if (member.type != RedisReply::Type::String)
        return failed("SMEMBERS " + voters + ": a member is not a string");
      if (member.text != mine.identity) others.push_back(member.text);
    }
    std::vector<ReplicaView> views;
    if (!others.empty()) {
      RedisCommand read{"MGET"};
      for (const auto& identity : others) read.push_back(store::viewKey(config.key_prefix, board, identity));
      const auto got = run({read}, {RedisReply::Type::Array}, error);
      if (!got) return failed(error);
      const std::vector<RedisReply>& items = got->front().elements;
      if (items.size() != others.size())
        return failed("MGET answered " + std::to_string(items.size()) + " values for " +
                      std::to_string(others.size()) + " keys");
      for (std::size_t i = 0; i < others.size(); ++i) {
        if (items[i].type == RedisReply::Type::Nil) {
          expired.insert(others[i]);  // that replica stopped reporting: its view lived out its time
          continue;
        }
        if (auto view = readView(others[i], items[i])) views.push_back(std::move(*view));
      }
    }
    if (in_outage) log::info("quorum: the replicas' views are exchanged in redis at {} again", where());
    in_outage = false;
    backoff = kBackoffInitial;
    return views;
  }

  /// One other replica's view, or nullopt (warned about once per replica) when it cannot be read: that
  /// replica does not vote, the others still do.
  std::optional<ReplicaView> readView(const std::string& identity, const RedisReply& reply) {
    const std::string key = store::viewKey(config.key_prefix, board, identity);
    std::string error;
    std::optional<ReplicaView> view;
    if (reply.type != RedisReply::Type::String) {
      error = std::string("a ") + store::toString(reply.type) + " instead of a string";
    } else {
      view = store::parseViewJson(reply.text, error);
      if (view && view->identity != identity) {
        error = "it names another identity";
        view.reset();
      }
    }
    if (view) {
      unreadable_reported.erase(identity);
      return view;
    }
    if (unreadable_reported.insert(identity).second) {
      log::warn("quorum: the view of replica {} at redis key {} cannot be read ({}); it does not vote",
                identity, key, error);
    }
    return std::nullopt;
  }

  std::nullopt_t failed(const std::string& error) {
    if (!in_outage) {
      log::warn(
          "quorum: the replicas' views cannot be exchanged in redis at {} ({}); until they can, a target "
          "seen down from here alone keeps its state",
          where(), error);
    }
    in_outage = true;
    connection.reset();  // an answer that could not be read may have left it out of step
    next_attempt = clock.now() + backoff;
    backoff = std::min(backoff * 2, kBackoffMax);
    return std::nullopt;
  }
};

RedisVoteBoard::RedisVoteBoard(RedisConfig config, std::string board, const Clock& clock,
                               std::chrono::milliseconds timeout)
    : impl_(std::make_unique<Impl>(clock)) {
  impl_->config = std::move(config);
  impl_->board = std::move(board);
  impl_->timeout = timeout;
}

RedisVoteBoard::~RedisVoteBoard() = default;

std::size_t RedisVoteBoard::connectAttempts() const { return impl_->connect_attempts; }

std::optional<std::vector<ReplicaView>> RedisVoteBoard::exchange(const ReplicaView& mine,
                                                                 std::chrono::milliseconds ttl) {
  return impl_->exchange(mine, ttl);
}

}  // namespace lecter
