#include "redis_login.h"

#include <vector>

namespace lecter::store {

std::string describe(const RedisCommand& command) {
  if (command.empty()) return "(empty command)";
  // AUTH's argument is the password; EVAL's is a whole script.
  if (command[0] == "AUTH" || command[0] == "EVAL" || command.size() < 2) return command[0];
  return command[0] + " " + command[1];
}

std::optional<std::string> replyProblem(const RedisCommand& command, const RedisReply& reply,
                                        RedisReply::Type expected) {
  if (reply.type == RedisReply::Type::Error) return describe(command) + " failed: " + reply.text;
  if (reply.type != expected) {
    return "unexpected reply to " + describe(command) + ": " + toString(reply.type) + " instead of " +
           toString(expected);
  }
  return std::nullopt;
}

bool logIn(RedisConnection& connection, const RedisConfig& config, std::string& error) {
  std::vector<RedisCommand> handshake;
  if (!config.password.empty()) handshake.push_back({"AUTH", config.password});
  if (config.db != 0) handshake.push_back({"SELECT", std::to_string(config.db)});
  handshake.push_back({"PING"});
  const PipelineResult result = connection.pipeline(handshake);
  for (std::size_t i = 0; i < result.replies.size(); ++i) {
    if (const auto problem = replyProblem(handshake[i], result.replies[i], RedisReply::Type::Status)) {
      error = *problem;
      return false;
    }
  }
  if (!result.ok()) {
    error = result.error;
    return false;
  }
  return true;
}

std::unique_ptr<RedisConnection> openLoggedIn(const RedisConfig& config, std::chrono::milliseconds timeout,
                                              std::string& error) {
  auto connection = RedisConnection::open(config.host, config.port, timeout, error);
  if (!connection || !logIn(*connection, config, error)) return nullptr;
  return connection;
}

}  // namespace lecter::store
