#include "support/redis/redis_client.h"

#include <hiredis/hiredis.h>
#include <sys/time.h>

#include <algorithm>
#include <stdexcept>

namespace lecter::testing {

struct RedisClient::Context {
  redisContext* redis = nullptr;
  ~Context() {
    if (redis != nullptr) redisFree(redis);
  }
};

namespace {

/// Owns one reply.
struct Reply {
  redisReply* raw = nullptr;
  ~Reply() {
    if (raw != nullptr) freeReplyObject(raw);
  }
};

redisContext* connectTo(const std::string& host, std::uint16_t port) {
  const timeval timeout{2, 0};
  redisContext* redis = redisConnectWithTimeout(host.c_str(), port, timeout);
  if (redis == nullptr) throw std::runtime_error("cannot allocate a redis context");
  if (redis->err != 0) {
    const std::string error = redis->errstr;
    redisFree(redis);
    throw std::runtime_error("cannot connect to redis at " + host + ":" + std::to_string(port) + ": " +
                             error);
  }
  redisSetTimeout(redis, timeout);
  return redis;
}

void run(redisContext* redis, const std::vector<std::string>& argv, Reply& reply) {
  std::vector<const char*> args;
  std::vector<std::size_t> lengths;
  for (const auto& a : argv) {
    args.push_back(a.data());
    lengths.push_back(a.size());
  }
  reply.raw = static_cast<redisReply*>(
      redisCommandArgv(redis, static_cast<int>(args.size()), args.data(), lengths.data()));
  if (reply.raw == nullptr)
    throw std::runtime_error(std::string("redis connection failed: ") + redis->errstr);
  if (reply.raw->type == REDIS_REPLY_ERROR) {
    throw std::runtime_error(argv.front() + " failed: " + std::string(reply.raw->str, reply.raw->len));
  }
}

std::string text(const redisReply& reply) {
  switch (reply.type) {
    case REDIS_REPLY_STRING:
    case REDIS_REPLY_STATUS:
      return {reply.str, reply.len};
    case REDIS_REPLY_INTEGER:
      return std::to_string(reply.integer);
    case REDIS_REPLY_NIL:
      return {};
    default:
      throw std::runtime_error("reply of type " + std::to_string(reply.type) + " is not a plain value");
  }
}

const redisReply& expectArray(const Reply& reply) {
  if (reply.raw->type != REDIS_REPLY_ARRAY) throw std::runtime_error("expected an array reply");
  return *reply.raw;
}

std::map<std::string, std::string> pairs(const redisReply& array) {
  std::map<std::string, std::string> out;
  for (std::size_t i = 0; i + 1 < array.elements; i += 2)
    out[text(*array.element[i])] = text(*array.element[i + 1]);
  return out;
}

}  // namespace

RedisClient::RedisClient(const std::string& host, std::uint16_t port, const std::string& password, int db)
    : context_(std::make_unique<Context>()) {
  context_->redis = connectTo(host, port);
  if (!password.empty()) command({"AUTH", password});
  if (db != 0) command({"SELECT", std::to_string(db)});
}

RedisClient::~RedisClient() = default;

std::string RedisClient::command(const std::vector<std::string>& argv) {
  Reply reply;
  run(context_->redis, argv, reply);
  return text(*reply.raw);
}

std::vector<std::string> RedisClient::keys() {
  std::vector<std::string> out;
  std::string cursor = "0";
  do {
    Reply reply;
    run(context_->redis, {"SCAN", cursor, "COUNT", "1000"}, reply);
    const redisReply& page = expectArray(reply);
    if (page.elements != 2) throw std::runtime_error("SCAN reply has no cursor and keys");
    cursor = text(*page.element[0]);
    const redisReply& found = *page.element[1];
    for (std::size_t i = 0; i < found.elements; ++i) out.push_back(text(*found.element[i]));
  } while (cursor != "0");
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

std::map<std::string, std::string> RedisClient::hgetall(const std::string& key) {
  Reply reply;
  run(context_->redis, {"HGETALL", key}, reply);
  return pairs(expectArray(reply));
}

std::vector<std::string> RedisClient::smembers(const std::string& key) {
  Reply reply;
  run(context_->redis, {"SMEMBERS", key}, reply);
  const redisReply& array = expectArray(reply);
  std::vector<std::string> out;
  for (std::size_t i = 0; i < array.elements; ++i) out.push_back(text(*array.element[i]));
  std::sort(out.begin(), out.end());
  return out;
}

long long RedisClient::xlen(const std::string& key) { return std::stoll(command({"XLEN", key})); }

std::vector<StreamEntry> RedisClient::xrange(const std::string& key) {
  Reply reply;
  run(context_->redis, {"XRANGE", key, "-", "+"}, reply);
  const redisReply& array = expectArray(reply);
  std::vector<StreamEntry> out;
  for (std::size_t i = 0; i < array.elements; ++i) {
    const redisReply& entry = *array.element[i];
    if (entry.type != REDIS_REPLY_ARRAY || entry.elements != 2)
      throw std::runtime_error("malformed XRANGE entry");
    out.push_back({text(*entry.element[0]), pairs(*entry.element[1])});
  }
  return out;
}

bool redisAnswers(const std::string& host, std::uint16_t port) {
  const timeval timeout{1, 0};
  redisContext* redis = redisConnectWithTimeout(host.c_str(), port, timeout);
  if (redis == nullptr) return false;
  bool answers = false;
  if (redis->err == 0) {
    redisSetTimeout(redis, timeout);
    Reply reply;
    reply.raw = static_cast<redisReply*>(redisCommand(redis, "PING"));
    if (reply.raw != nullptr) {
      const std::string said(reply.raw->str != nullptr ? std::string(reply.raw->str, reply.raw->len) : "");
      answers = said == "PONG" || said.rfind("NOAUTH", 0) == 0;
    }
  }
  redisFree(redis);
  return answers;
}

}  // namespace lecter::testing
