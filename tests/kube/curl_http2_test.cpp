// CurlHttpClient::start()/poll() against a real HTTP/2 server (nghttpd, Debian's nghttp2-server) over
// TLS on 127.0.0.1, as the ApiServer speaks: requests in flight together share one connection.

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <memory>
#include <optional>
#include <regex>
#include <set>
#include <string>
#include <vector>

#include "lecter/kube/curl_http_client.h"
#include "support/apiserver/test_ca.h"
#include "support/common/subprocess.h"
#include "support/common/temp_dir.h"

namespace lecter {
namespace {

using testing::Subprocess;
using testing::TempDir;

std::uint16_t freeLoopbackPort() {
  const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t length = sizeof address;
  ::bind(fd, reinterpret_cast<sockaddr*>(&address), length);
  ::getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length);
  ::close(fd);
  return ntohs(address.sin_port);
}

bool accepts(std::uint16_t port) {
  const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  address.sin_port = htons(port);
  const bool connected = ::connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0;
  ::close(fd);
  return connected;
}

class CurlHttp2Test : public ::testing::Test {
 protected:
  void SetUp() override {
    if (::access("/usr/sbin/nghttpd", X_OK) != 0) GTEST_SKIP() << "nghttpd (nghttp2-server) is not installed";
    certificates_ = testing::makeTestCertificates(dir_.path());
    const std::string htdocs = dir_.path() + "/htdocs";
    std::filesystem::create_directories(htdocs);
    std::ofstream(htdocs + "/endpoints") << "{\"kind\":\"Endpoints\"}";
    port_ = freeLoopbackPort();
    server_ = std::make_unique<Subprocess>(std::vector<std::string>{
        "/usr/sbin/nghttpd", "-v", "--address=127.0.0.1", "-d", htdocs, std::to_string(port_),
        certificates_.server_key_file, certificates_.server_cert_file});
    ASSERT_TRUE(testing::eventually([this] { return accepts(port_); }, std::chrono::seconds(10)))
        << server_->out() << server_->err();
  }

  /// The connections that carried a request: nghttpd's verbose log tags every frame with the
  /// connection, "[id=N]" (the readiness check in SetUp() is a connection without one).
  [[nodiscard]] std::set<std::string> connections() const {
    static const std::regex kConnection(R"(\[id=(\d+)\][^\n]*:method:)");
    std::set<std::string> ids;
    const std::string log = server_->out();
    for (auto it = std::sregex_iterator(log.begin(), log.end(), kConnection); it != std::sregex_iterator();
         ++it)
      ids.insert((*it)[1]);
    return ids;
  }

  TempDir dir_;
  testing::TestCertificates certificates_;
  std::uint16_t port_ = 0;
  std::unique_ptr<Subprocess> server_;
};

TEST_F(CurlHttp2Test, RequestsInFlightTogetherAreMultiplexedOnOneHttp2Connection) {
  TlsOptions tls;
  tls.ca_file = certificates_.ca_file;
  CurlHttpClient http("https://127.0.0.1:" + std::to_string(port_), tls);
  std::vector<std::optional<HttpResponse>> answers(8);
  for (int round = 0; round < 2; ++round) {
    for (std::size_t i = 0; i < answers.size(); ++i) {
      HttpRequest request;
      request.path = "/endpoints";
      request.timeout = std::chrono::seconds(10);
      http.start(request, [&answers, i](HttpResponse response) { answers[i] = std::move(response); });
    }
    for (int polls = 0; polls < 200 && http.poll(std::chrono::milliseconds(100)) > 0; ++polls) {
    }
    for (const auto& answer : answers) {
      ASSERT_TRUE(answer.has_value());
      EXPECT_EQ(answer->status, 200) << answer->error;
      EXPECT_EQ(answer->http_version, "HTTP/2");
      EXPECT_EQ(answer->body, "{\"kind\":\"Endpoints\"}");
    }
  }
  EXPECT_EQ(connections().size(), 1U) << "eight requests at once, twice, over one connection";
}

}  // namespace
}  // namespace lecter
