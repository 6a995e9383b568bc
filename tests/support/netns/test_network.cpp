#include "support/netns/test_network.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <signal.h>
#include <sys/file.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstdio>
#include <regex>
#include <sstream>
#include <stdexcept>

#include "support/netns/ip_command.h"
#include "support/netns/namespace_listeners.h"

namespace lecter::testing {

namespace {

constexpr int kFirstHostOctet = 10;
constexpr int kMaxHosts = 80;
constexpr int kHungOctet = 99;
constexpr int kSubnets = 256;
constexpr int kBlockHosts = 65536;  // 198.18.0.0/16, half of the benchmarking range 198.18.0.0/15
const char* const kLockPath = "/run/lecter-test-network.lock";

std::atomic<int> instance_counter{0};

/// Serialises the choice of a free subnet between test processes: without it two processes could
/// pick the same K at the same moment.
class SubnetLock {
 public:
  SubnetLock() : fd_(::open(kLockPath, O_RDWR | O_CREAT | O_CLOEXEC, 0600)) {
    if (fd_ >= 0) flock(fd_, LOCK_EX);
  }
  ~SubnetLock() {
    if (fd_ >= 0) ::close(fd_);  // releases the lock
  }
  SubnetLock(const SubnetLock&) = delete;
  SubnetLock& operator=(const SubnetLock&) = delete;

 private:
  int fd_;
};

bool processAlive(pid_t pid) { return kill(pid, 0) == 0 || errno == EPERM; }

/// Removes namespaces named lecter-<pid>-<n> whose process is gone (a crashed earlier run); the
/// kernel removes their veth pairs with them.
void removeStaleNamespaces() {
  std::istringstream list(runIp({"netns", "list"}));
  const std::regex ours(R"(^(lecter-(\d+)-\d+)\b)");
  std::string line;
  while (std::getline(list, line)) {
    std::smatch m;
    if (!std::regex_search(line, m, ours)) continue;
    const auto pid = static_cast<pid_t>(std::stol(m[2].str()));
    // Our own pid: live instances of this process (a same-named leftover is removed by name).
    if (pid == getpid() || processAlive(pid)) continue;
    runIpQuietly({"netns", "delete", m[1].str()});
  }
}

/// The first K, starting from one derived from the pid, with no address of 198.18.K.0/24 on any
/// host interface.
int chooseFreeSubnet(int instance) {
  const std::string in_use = runIp({"-o", "-4", "addr", "show"});
  const int start =
      static_cast<int>((static_cast<unsigned>(getpid()) * 31U + static_cast<unsigned>(instance)) %
                       static_cast<unsigned>(kSubnets));
  for (int step = 0; step < kSubnets; ++step) {
    const int k = (start + step) % kSubnets;
    if (in_use.find(" 198.18." + std::to_string(k) + ".") == std::string::npos) return k;
  }
  throw std::runtime_error("no free /24 left in 198.18.0.0/16 for a test network");
}

}  // namespace

std::optional<std::string> TestNetwork::unavailableReason() {
  if (geteuid() != 0) return "needs root to create network namespaces (CI runs as root)";
  try {
    runIp({"netns", "list"});
  } catch (const std::exception& e) {
    return std::string("`ip netns` does not work here: ") + e.what();
  }
  return std::nullopt;
}

TestNetwork::TestNetwork() {
  const int instance = instance_counter.fetch_add(1);
  const std::string pid = std::to_string(getpid());
  name_ = "lecter-" + pid + "-" + std::to_string(instance);
  // Interface names hold at most 15 characters: "lth" + pid (≤ 7 digits) + "x" + n.
  host_if_ = "lth" + pid + "x" + std::to_string(instance);
  ns_if_ = "ltn" + pid + "x" + std::to_string(instance);
  if (host_if_.size() > 15) throw std::runtime_error("interface name too long: " + host_if_);

  try {
    removeStaleNamespaces();
    runIpQuietly({"netns", "delete", name_});
    runIpQuietly({"link", "delete", host_if_});
    runIp({"netns", "add", name_});
    runIp({"link", "add", host_if_, "type", "veth", "peer", "name", ns_if_});
    runIp({"link", "set", ns_if_, "netns", name_});
    runIp({"-n", name_, "link", "set", "lo", "up"});
    runIp({"-n", name_, "link", "set", ns_if_, "up"});
    {
      SubnetLock lock;
      subnet_ = chooseFreeSubnet(instance);
      runIp({"addr", "add", address(1) + "/24", "dev", host_if_});
    }
    runIp({"link", "set", host_if_, "up"});
    // IPv6: the link's /64 on both sides, and the AnyIP block routed into the namespace.
    runIp({"-6", "addr", "add", hostAddress6() + "/64", "dev", host_if_, "nodad"});
    runIp({"-n", name_, "-6", "addr", "add", address6(":2") + "/64", "dev", ns_if_, "nodad"});
    runIp({"-6", "route", "add", address6("1::") + "/80", "via", address6(":2"), "dev", host_if_});
    runIp({"-n", name_, "-6", "route", "add", "local", address6("1::") + "/80", "dev", "lo"});
    listeners_ = std::make_unique<NamespaceListeners>("/run/netns/" + name_);
  } catch (...) {
    tearDown();
    throw;
  }
}

TestNetwork::~TestNetwork() { tearDown(); }

void TestNetwork::tearDown() noexcept {
  try {
    listeners_.reset();  // sockets inside would keep the namespace alive
    runIpQuietly({"link", "delete", host_if_});
    runIpQuietly({"netns", "delete", name_});
  } catch (...) {
    // Clean-up must not throw from a destructor; a leftover namespace is removed by the next run.
  }
}

std::string TestNetwork::address(int last_octet) const {
  return "198.18." + std::to_string(subnet_) + "." + std::to_string(last_octet);
}

std::string TestNetwork::hostAddress() const { return address(1); }

std::string TestNetwork::address6(const std::string& suffix) const {
  char group[8];
  std::snprintf(group, sizeof group, "%x", static_cast<unsigned>(subnet_) & 0xffffU);
  const std::string text = "2001:2:0:" + std::string(group) + ":" + suffix;
  in6_addr parsed{};
  if (inet_pton(AF_INET6, text.c_str(), &parsed) != 1) throw std::logic_error("not an IPv6 address: " + text);
  char canonical[INET6_ADDRSTRLEN];
  inet_ntop(AF_INET6, &parsed, canonical, sizeof canonical);
  return canonical;
}

std::string TestNetwork::hostAddress6() const { return address6(":1"); }

std::string TestNetwork::addHost6(int i) {
  if (i < 0 || i >= kMaxHosts)
    throw std::invalid_argument("addHost6: index out of [0, 80): " + std::to_string(i));
  char suffix[16];
  std::snprintf(suffix, sizeof suffix, ":%x", static_cast<unsigned>(kFirstHostOctet + i));
  const std::string ip = address6(suffix);
  const std::string owned = runIp({"-n", name_, "-o", "-6", "addr", "show", "dev", ns_if_});
  if (owned.find(" " + ip + "/") == std::string::npos) {
    runIp({"-n", name_, "-6", "addr", "add", ip + "/64", "dev", ns_if_, "nodad"});
  }
  return ip;
}

std::vector<std::string> TestNetwork::manyHosts6(int n) const {
  if (n < 0 || n > kBlockHosts)
    throw std::invalid_argument("manyHosts6: n out of [0, 65536]: " + std::to_string(n));
  std::vector<std::string> out;
  out.reserve(static_cast<std::size_t>(n));
  for (int i = 0; i < n; ++i) {
    // 2001:2:0:K:1::X with X from 1 (the block's ::0 is left alone).
    char suffix[24];
    std::snprintf(suffix, sizeof suffix, "1::%x:%x", static_cast<unsigned>((i + 1) >> 16),
                  static_cast<unsigned>((i + 1) & 0xffff));
    out.push_back(address6(suffix));
  }
  return out;
}

std::string TestNetwork::addHost(int i) {
  if (i < 0 || i >= kMaxHosts)
    throw std::invalid_argument("addHost: index out of [0, 80): " + std::to_string(i));
  const std::string ip = address(kFirstHostOctet + i);
  const std::string owned = runIp({"-n", name_, "-o", "-4", "addr", "show", "dev", ns_if_});
  if (owned.find(" " + ip + "/") == std::string::npos) {
    runIp({"-n", name_, "addr", "add", ip + "/24", "dev", ns_if_});
  }
  return ip;
}

std::string TestNetwork::hungAddress(int i) const {
  if (i < 0 || kHungOctet + i > 254) throw std::invalid_argument("hungAddress: index out of range");
  return address(kHungOctet + i);
}

void TestNetwork::openListener(const std::string& ip, std::uint16_t port) { listeners_->open(ip, port); }

void TestNetwork::closeListener(const std::string& ip, std::uint16_t port) { listeners_->close(ip, port); }

}  // namespace lecter::testing
