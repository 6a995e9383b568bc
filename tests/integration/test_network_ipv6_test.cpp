// The test network's IPv6 targets: one address per addHost6(), and the routed block whose every
// address the namespace answers for (one "::" listener makes them all open; without it they refuse).

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <cerrno>
#include <cstdint>
#include <set>
#include <string>

#include "support/netns/test_network.h"

namespace lecter::testing {
namespace {

constexpr std::uint16_t kPort = 15433;

/// 0 when a TCP connect from the host to [ip]:port succeeds, else its errno.
int connectError(const std::string& ip, std::uint16_t port) {
  sockaddr_in6 addr{};
  addr.sin6_family = AF_INET6;
  addr.sin6_port = htons(port);
  if (inet_pton(AF_INET6, ip.c_str(), &addr.sin6_addr) != 1) return EINVAL;
  const int fd = socket(AF_INET6, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) return errno;
  // A bound on a test that goes wrong (a hung connect), not a timing the test asserts.
  timeval limit{5, 0};
  setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &limit, sizeof limit);
  const int rc = connect(fd, reinterpret_cast<const sockaddr*>(&addr), sizeof addr);
  const int error = rc == 0 ? 0 : errno;
  ::close(fd);
  return error;
}

class TestNetworkIpv6Test : public ::testing::Test {
 protected:
  void SetUp() override {
    if (auto reason = TestNetwork::unavailableReason()) GTEST_SKIP() << *reason;
    network_ = std::make_unique<TestNetwork>();
  }
  std::unique_ptr<TestNetwork> network_;
};

TEST_F(TestNetworkIpv6Test, AnAddedIpv6HostIsOpenWithAListenerAndRefusedWithout) {
  const std::string ip = network_->addHost6(0);
  // 2001:2:0:K::a, which is 2001:2::a in canonical text when K is 0.
  EXPECT_EQ(ip.rfind("2001:2:", 0), 0U) << ip;
  EXPECT_EQ(network_->addHost6(0), ip);  // idempotent
  network_->openListener(ip, kPort);
  EXPECT_EQ(connectError(ip, kPort), 0);
  network_->closeListener(ip, kPort);
  EXPECT_EQ(connectError(ip, kPort), ECONNREFUSED);
}

TEST_F(TestNetworkIpv6Test, EveryAddressOfTheRoutedBlockAnswersOneWildcardListener) {
  const auto hosts = network_->manyHosts6(3000);
  ASSERT_EQ(hosts.size(), 3000U);
  EXPECT_EQ(std::set<std::string>(hosts.begin(), hosts.end()).size(), 3000U) << "addresses must be distinct";
  for (const auto& ip : {hosts.front(), hosts[1500], hosts.back()}) {
    EXPECT_EQ(connectError(ip, kPort), ECONNREFUSED) << ip << " before any listener";
  }
  network_->openListener("::", kPort);
  for (const auto& ip : {hosts.front(), hosts[1500], hosts.back()})
    EXPECT_EQ(connectError(ip, kPort), 0) << ip;
  // Another port of the same addresses has no listener.
  EXPECT_EQ(connectError(hosts.front(), kPort + 1), ECONNREFUSED);
}

TEST_F(TestNetworkIpv6Test, TheWildcardIpv6ListenerLeavesTheIpv4PortFree) {
  network_->openListener("::", kPort);
  const std::string ip4 = network_->addHost(0);
  EXPECT_NO_THROW(network_->openListener(ip4, kPort));
}

}  // namespace
}  // namespace lecter::testing
