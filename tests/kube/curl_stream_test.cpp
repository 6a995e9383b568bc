// CurlHttpClient::stream against a one-connection HTTP server on loopback that writes a scripted answer
// (chunked transfer, as the ApiServer sends watch responses) and then waits for the client to hang up.

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <atomic>
#include <string>
#include <thread>
#include <vector>

#include "lecter/kube/curl_http_client.h"

namespace lecter {
namespace {

class ScriptedHttpServer {
 public:
  explicit ScriptedHttpServer(std::string answer) : answer_(std::move(answer)) {
    listen_fd_ = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t length = sizeof address;
    EXPECT_EQ(::bind(listen_fd_, reinterpret_cast<sockaddr*>(&address), length), 0);
    EXPECT_EQ(::listen(listen_fd_, 1), 0);
    EXPECT_EQ(::getsockname(listen_fd_, reinterpret_cast<sockaddr*>(&address), &length), 0);
    port_ = ntohs(address.sin_port);
    thread_ = std::thread([this] { serveOne(); });
  }
  ~ScriptedHttpServer() {
    ::shutdown(listen_fd_, SHUT_RDWR);
    thread_.join();
    ::close(listen_fd_);
  }
  ScriptedHttpServer(const ScriptedHttpServer&) = delete;
  ScriptedHttpServer& operator=(const ScriptedHttpServer&) = delete;

  [[nodiscard]] std::string url() const { return "http://127.0.0.1:" + std::to_string(port_); }
  [[nodiscard]] std::string request() const { return request_; }

 private:
  void serveOne() {
    const int fd = ::accept4(listen_fd_, nullptr, nullptr, SOCK_CLOEXEC);
    if (fd < 0) return;
    char buffer[4096];
    while (request_.find("\r\n\r\n") == std::string::npos) {
      const ssize_t n = ::read(fd, buffer, sizeof buffer);
      if (n <= 0) break;
      request_.append(buffer, static_cast<std::size_t>(n));
    }
    (void)!::write(fd, answer_.data(), answer_.size());
    // Stay connected, silent, until the client hangs up.
    while (::read(fd, buffer, sizeof buffer) > 0) {
    }
    ::close(fd);
  }

  std::string answer_;
  int listen_fd_ = -1;
  std::uint16_t port_ = 0;
  std::thread thread_;
  std::string request_;
};

std::string chunk(const std::string& data) {
  char size[16];
  std::snprintf(size, sizeof size, "%zx", data.size());
  return std::string(size) + "\r\n" + data + "\r\n";
}

constexpr const char* kChunkedHeaders =
    "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n";

class Collector final : public StreamHandler {
 public:
  bool onStart(long status) override {
    statuses.push_back(status);
    return true;
  }
  bool onChunk(std::string_view chunk_text) override {
    body.append(chunk_text);
    received = true;
    return true;
  }
  [[nodiscard]] bool stopRequested() const override { return stop.load(); }

  std::vector<long> statuses;
  std::string body;
  std::atomic<bool> received{false};
  std::atomic<bool> stop{false};
};

HttpRequest watchRequest() {
  HttpRequest request;
  request.path = "/api/v1/namespaces/prod/endpoints?watch=1";
  request.timeout = std::chrono::minutes(5);  // only a safety net: every test ends well before
  return request;
}

TEST(CurlStream, HandsTheBodyOverAsItArrivesAndReportsACleanEnd) {
  ScriptedHttpServer server(std::string(kChunkedHeaders) + chunk("{\"type\":\"ADDED\"}\n{\"ty") +
                            chunk("pe\":2}\n") + "0\r\n\r\n");
  CurlHttpClient client(server.url(), TlsOptions{});
  Collector collector;
  const HttpResponse response = client.stream(watchRequest(), collector);
  EXPECT_EQ(response.status, 200);
  EXPECT_TRUE(response.error.empty()) << response.error;
  EXPECT_TRUE(response.body.empty()) << "a 2xx body goes to the handler only";
  EXPECT_EQ(collector.statuses, (std::vector<long>{200}));
  EXPECT_EQ(collector.body, "{\"type\":\"ADDED\"}\n{\"type\":2}\n");
  EXPECT_EQ(response.header("content-type"), "application/json");
}

TEST(CurlStream, AStopEndsAStreamThatHasGoneSilent) {
  // The server sends one event and then nothing, as a quiet watch does; once the event is in, another
  // thread asks for a stop, and the transfer must end although no byte comes any more.
  ScriptedHttpServer server(std::string(kChunkedHeaders) + chunk("{\"type\":\"ADDED\"}\n"));
  CurlHttpClient client(server.url(), TlsOptions{});
  Collector collector;
  std::thread stopper([&collector] {
    while (!collector.received) std::this_thread::yield();
    collector.stop = true;
  });
  const HttpResponse response = client.stream(watchRequest(), collector);
  stopper.join();
  EXPECT_TRUE(response.transportFailed());
  EXPECT_NE(response.error.find("abandoned"), std::string::npos) << response.error;
  EXPECT_EQ(collector.body, "{\"type\":\"ADDED\"}\n");
}

TEST(CurlStream, TheBodyOfAnErrorAnswerIsCollectedForItsStatus) {
  const std::string status = R"({"kind":"Status","reason":"Expired","code":410})";
  ScriptedHttpServer server("HTTP/1.1 410 Gone\r\nContent-Type: application/json\r\nContent-Length: " +
                            std::to_string(status.size()) + "\r\n\r\n" + status);
  CurlHttpClient client(server.url(), TlsOptions{});
  Collector collector;
  const HttpResponse response = client.stream(watchRequest(), collector);
  EXPECT_EQ(response.status, 410);
  EXPECT_EQ(response.body, status);
  EXPECT_TRUE(collector.body.empty());
  EXPECT_EQ(collector.statuses, (std::vector<long>{410}));
}

TEST(CurlStream, SendsTheRequestHeaders) {
  ScriptedHttpServer server(std::string(kChunkedHeaders) + "0\r\n\r\n");
  CurlHttpClient client(server.url(), TlsOptions{});
  Collector collector;
  HttpRequest request = watchRequest();
  request.headers.emplace_back("Authorization", "Bearer t0k");
  client.stream(request, collector);
  EXPECT_NE(server.request().find("GET /api/v1/namespaces/prod/endpoints?watch=1 HTTP/1.1"),
            std::string::npos);
  EXPECT_NE(server.request().find("Authorization: Bearer t0k"), std::string::npos);
}

}  // namespace
}  // namespace lecter
