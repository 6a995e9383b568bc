#pragma once
/// A network namespace for tests that need targets with ordinary addresses (Kubernetes refuses
/// loopback ones in Endpoints, DESIGN.md "Testing with real parts"). The namespace is joined to the
/// host by a veth pair: the host side holds 198.18.K.1/24, the namespace side holds the target
/// addresses 198.18.K.10, .11, ... (addHost), so a process in the host namespace (lecter) reaches
/// them directly. K is unique per live instance, also across parallel test processes.
///
/// Three kinds of targets:
///   open    — addHost(i) + openListener(ip, port): connects succeed;
///   refused — addHost(i) without a listener (or after closeListener): connects get RST;
///   hung    — hungAddress(): in the subnet, held by nobody, so ARP fails and connects wait for
///             their deadline.
///
/// IPv6 (Kubernetes accepts IPv6 EndpointSlices; the addresses come from the benchmarking range
/// 2001:2::/48): the veth holds 2001:2:0:K::1/64 on the host side and 2001:2:0:K::2/64 in the
/// namespace; addHost6(i) adds 2001:2:0:K::(10+i). For thousands of targets the block
/// 2001:2:0:K:1::/80 is routed to the namespace, which answers for every address in it (an AnyIP
/// `local` route on lo): one openListener("::", port) makes all of manyHosts6(n) open on that port,
/// and without it they are refused. IPv6 addresses are added with `nodad`, so they work at once.
///
/// Needs root (CAP_NET_ADMIN and `ip netns`). The destructor always removes the namespace and the
/// veth pair; a stale namespace of a crashed earlier run is removed before a new one is made.
///
/// Thread-safety: use one instance from one test thread.

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace lecter::testing {

class NamespaceListeners;

class TestNetwork {
 public:
  /// Why namespaces cannot be made here (not root, `ip netns` failing), or nullopt when they can.
  /// Tests call it first and GTEST_SKIP with the reason.
  static std::optional<std::string> unavailableReason();

  /// Makes the namespace, the veth pair and the host-side address. Throws std::runtime_error with
  /// the failing `ip` command and its message.
  TestNetwork();
  ~TestNetwork();
  TestNetwork(const TestNetwork&) = delete;
  TestNetwork& operator=(const TestNetwork&) = delete;

  /// The namespace's name (lecter-<pid>-<n>).
  [[nodiscard]] const std::string& name() const { return name_; }
  /// The host side's address, 198.18.K.1.
  [[nodiscard]] std::string hostAddress() const;
  /// Adds 198.18.K.(10+i) (i in [0, 80)) to the namespace side and returns it. Idempotent.
  std::string addHost(int i);
  /// An address of the subnet that nobody holds (198.18.K.99): a hung target.
  [[nodiscard]] std::string hungAddress(int i = 0) const;

  /// The host side's IPv6 address, 2001:2:0:K::1.
  [[nodiscard]] std::string hostAddress6() const;
  /// Adds 2001:2:0:K::(10+i) (i in [0, 80)) to the namespace side and returns it (canonical text).
  /// Idempotent.
  std::string addHost6(int i);
  /// `n` distinct addresses of the routed block 2001:2:0:K:1::/80 (canonical text, sorted as
  /// numbers), all answered by the namespace. n in [0, 65536].
  [[nodiscard]] std::vector<std::string> manyHosts6(int n) const;

  /// Listens on ip:port inside the namespace (IPv4 or IPv6; "::" for every IPv6 address the namespace
  /// answers for, the routed block included), accepting and closing every connection.
  void openListener(const std::string& ip, std::uint16_t port);
  /// Closes that listener: the target becomes "refused".
  void closeListener(const std::string& ip, std::uint16_t port);

 private:
  [[nodiscard]] std::string address(int last_octet) const;
  /// 2001:2:0:K:<suffix>, canonical.
  [[nodiscard]] std::string address6(const std::string& suffix) const;
  void tearDown() noexcept;

  std::string name_;
  std::string host_if_;
  std::string ns_if_;
  int subnet_ = -1;  // K
  std::unique_ptr<NamespaceListeners> listeners_;
};

}  // namespace lecter::testing
