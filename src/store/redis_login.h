#pragma once
/// Opening a Redis connection as lecter's config says (AUTH, SELECT, PING), and reading replies
/// against what a command should get back. Shared by every store that talks to Redis.

#include <chrono>
#include <memory>
#include <optional>
#include <string>

#include "lecter/config/config.h"
#include "redis_connection.h"

namespace lecter::store {

/// A command as it may appear in a log line: its name and key, never the arguments (AUTH's is the
/// password).
std::string describe(const RedisCommand& command);

/// What is wrong with `reply` to `command` when `expected` was the type to come back, if anything.
std::optional<std::string> replyProblem(const RedisCommand& command, const RedisReply& reply,
                                        RedisReply::Type expected);

/// Connects to `config`'s server and logs in: AUTH with the password when there is one, SELECT the
/// db when it is not 0, then PING (a protected server answers NOAUTH there). nullptr and `error`
/// (never holding the password) when any step fails.
/// Logs `connection` in as openLoggedIn does; false and `error` when a step fails.
bool logIn(RedisConnection& connection, const RedisConfig& config, std::string& error);

std::unique_ptr<RedisConnection> openLoggedIn(const RedisConfig& config, std::chrono::milliseconds timeout,
                                              std::string& error);

}  // namespace lecter::store
