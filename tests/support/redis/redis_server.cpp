#include "support/redis/redis_server.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <stdexcept>
#include <string>
#include <vector>

#include "support/redis/redis_client.h"

namespace lecter::testing {

namespace {

/// A port nobody listens on right now: the kernel's pick for an ephemeral bind on loopback.
std::uint16_t freeLoopbackPort() {
  const int fd = socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0) throw std::runtime_error("socket() failed");
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  address.sin_port = 0;
  socklen_t length = sizeof(address);
  if (bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof(address)) != 0 ||
      getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length) != 0) {
    close(fd);
    throw std::runtime_error("cannot find a free loopback port");
  }
  close(fd);
  return ntohs(address.sin_port);
}

}  // namespace

RedisServer::RedisServer(std::string password) : password_(std::move(password)), port_(freeLoopbackPort()) {
  start();
}

RedisServer::~RedisServer() { stop(); }

pid_t RedisServer::pid() const { return process_ ? process_->pid() : -1; }

void RedisServer::stop() {
  if (!process_) return;
  process_->signal(SIGTERM);
  if (!process_->wait(std::chrono::seconds(10))) {
    process_->signal(SIGKILL);
    process_->wait(std::chrono::seconds(10));
  }
  process_.reset();
}

void RedisServer::start() {
  if (process_) return;
  std::vector<std::string> argv = {
      "redis-server", "--port", std::to_string(port_), "--bind",      host(), "--save", "", "--appendonly",
      "no",           "--dir",  dir_.path(),           "--daemonize", "no"};
  if (!password_.empty()) {
    argv.emplace_back("--requirepass");
    argv.push_back(password_);
  }
  process_ = std::make_unique<Subprocess>(argv);
  const bool up = eventually([&] { return !process_->running() || redisAnswers(host(), port_); },
                             std::chrono::seconds(10));
  if (!up || !process_->running()) {
    const std::string output = process_->out() + process_->err();
    process_.reset();
    throw std::runtime_error("redis-server on port " + std::to_string(port_) + " did not come up: " + output);
  }
}

void RedisServer::refuseWrites(WriteRefusal refusal) {
  RedisClient admin(host(), port_, password_);
  switch (refusal) {
    case WriteRefusal::OutOfMemory:
      // A limit below what the server already uses, rather than filling it up to the limit: at the
      // edge its usage moves with client buffers, and it would take some writes and refuse others.
      admin.command({"CONFIG", "SET", "maxmemory-policy", "noeviction"});
      admin.command({"CONFIG", "SET", "maxmemory", "1"});
      break;
    case WriteRefusal::ReadOnlyReplica:
      admin.command({"REPLICAOF", host(), std::to_string(freeLoopbackPort())});
      break;
  }
}

void RedisServer::acceptWrites() {
  RedisClient admin(host(), port_, password_);
  admin.command({"CONFIG", "SET", "maxmemory", "0"});
  admin.command({"REPLICAOF", "NO", "ONE"});
}

long long RedisServer::rejectedCalls(const std::string& command) {
  RedisClient admin(host(), port_, password_);
  const std::string stats = admin.command({"INFO", "commandstats"});
  // A line like "cmdstat_sadd:calls=0,usec=0,usec_per_call=0.00,rejected_calls=3,failed_calls=0";
  // no line at all until the command was called once.
  const auto line = stats.find("cmdstat_" + command + ":");
  if (line == std::string::npos) return 0;
  const std::string field = "rejected_calls=";
  const auto at = stats.find(field, line);
  if (at == std::string::npos || at > stats.find('\n', line)) {
    throw std::runtime_error("INFO commandstats has no rejected_calls for " + command);
  }
  return std::stoll(stats.substr(at + field.size()));
}

}  // namespace lecter::testing
