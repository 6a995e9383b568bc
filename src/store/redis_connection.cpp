#include "redis_connection.h"

#include <hiredis/hiredis.h>
#include <sys/socket.h>
#include <sys/time.h>

#include <cerrno>

#include "scoped_sigpipe_block.h"

namespace lecter::store {

struct RedisConnection::Context {
  redisContext* redis = nullptr;
  std::chrono::milliseconds timeout{0};
  ~Context() {
    if (redis != nullptr) redisFree(redis);
  }
};

namespace {

timeval toTimeval(std::chrono::milliseconds ms) {
  const auto count = ms.count() < 1 ? 1 : ms.count();
  return timeval{static_cast<time_t>(count / 1000), static_cast<suseconds_t>((count % 1000) * 1000)};
}

/// Why the context is unusable, in words a person at 3 a.m. can act on.
std::string describeContextError(const redisContext& redis, std::chrono::milliseconds timeout,
                                 int saved_errno) {
  if (redis.err == REDIS_ERR_IO && (saved_errno == EAGAIN || saved_errno == EWOULDBLOCK)) {
    return "no answer within " + std::to_string(timeout.count()) + " ms";
  }
  if (redis.err == REDIS_ERR_EOF) return "the server closed the connection";
  std::string text(redis.errstr);
  if (text.empty()) text = "unknown connection error " + std::to_string(redis.err);
  return text;
}

RedisReply convert(const redisReply& raw) {
  RedisReply out;
  switch (raw.type) {
    case REDIS_REPLY_STRING:
      out.type = RedisReply::Type::String;
      out.text.assign(raw.str, raw.len);
      break;
    case REDIS_REPLY_STATUS:
      out.type = RedisReply::Type::Status;
      out.text.assign(raw.str, raw.len);
      break;
    case REDIS_REPLY_ERROR:
      out.type = RedisReply::Type::Error;
      out.text.assign(raw.str, raw.len);
      break;
    case REDIS_REPLY_INTEGER:
      out.type = RedisReply::Type::Integer;
      out.integer = raw.integer;
      break;
    case REDIS_REPLY_ARRAY:
      out.type = RedisReply::Type::Array;
      out.elements.reserve(raw.elements);
      for (std::size_t i = 0; i < raw.elements; ++i) {
        if (raw.element[i] != nullptr) out.elements.push_back(convert(*raw.element[i]));
      }
      break;
    case REDIS_REPLY_NIL:
    default:
      // Any type this hiredis does not name is treated as nothing; the caller checks types anyway.
      out.type = RedisReply::Type::Nil;
      break;
  }
  return out;
}

}  // namespace

const char* toString(RedisReply::Type type) {
  switch (type) {
    case RedisReply::Type::String:
      return "string";
    case RedisReply::Type::Status:
      return "status";
    case RedisReply::Type::Integer:
      return "integer";
    case RedisReply::Type::Nil:
      return "nil";
    case RedisReply::Type::Array:
      return "array";
    case RedisReply::Type::Error:
      return "error";
  }
  return "unknown";
}

RedisConnection::RedisConnection(std::unique_ptr<Context> context) : context_(std::move(context)) {}
RedisConnection::~RedisConnection() = default;

std::unique_ptr<RedisConnection> RedisConnection::open(const std::string& host, std::uint16_t port,
                                                       std::chrono::milliseconds timeout,
                                                       std::string& error) {
  auto context = std::make_unique<Context>();
  context->timeout = timeout;
  errno = 0;
  context->redis = redisConnectWithTimeout(host.c_str(), port, toTimeval(timeout));
  if (context->redis == nullptr) {
    error = "cannot allocate a redis context";
    return nullptr;
  }
  if (context->redis->err != 0) {
    error = describeContextError(*context->redis, timeout, errno);
    return nullptr;
  }
  if (redisSetTimeout(context->redis, toTimeval(timeout)) != REDIS_OK) {
    error = "cannot set the socket timeout: " + describeContextError(*context->redis, timeout, errno);
    return nullptr;
  }
  return std::unique_ptr<RedisConnection>(new RedisConnection(std::move(context)));
}

void RedisConnection::interrupt() {
  // shutdown(), not close(): the descriptor stays this connection's until its owner drops it.
  if (context_->redis != nullptr && context_->redis->fd >= 0) ::shutdown(context_->redis->fd, SHUT_RDWR);
}

PipelineResult RedisConnection::pipeline(const std::vector<RedisCommand>& commands) {
  PipelineResult result;
  redisContext* redis = context_->redis;
  if (redis->err != 0) {
    result.error = describeContextError(*redis, context_->timeout, 0);
    return result;
  }
  ScopedSigpipeBlock no_sigpipe;
  std::vector<const char*> argv;
  std::vector<std::size_t> lengths;
  for (const auto& command : commands) {
    argv.clear();
    lengths.clear();
    for (const auto& arg : command) {
      argv.push_back(arg.data());
      lengths.push_back(arg.size());
    }
    if (redisAppendCommandArgv(redis, static_cast<int>(argv.size()), argv.data(), lengths.data()) !=
        REDIS_OK) {
      result.error = "cannot queue a command: " + describeContextError(*redis, context_->timeout, errno);
      return result;
    }
  }
  result.replies.reserve(commands.size());
  for (std::size_t i = 0; i < commands.size(); ++i) {
    void* raw = nullptr;
    errno = 0;
    if (redisGetReply(redis, &raw) != REDIS_OK || raw == nullptr) {
      const int saved_errno = errno;
      result.error = describeContextError(*redis, context_->timeout, saved_errno);
      if (raw != nullptr) freeReplyObject(raw);
      return result;
    }
    auto* reply = static_cast<redisReply*>(raw);
    result.replies.push_back(convert(*reply));
    freeReplyObject(reply);
  }
  return result;
}

}  // namespace lecter::store
