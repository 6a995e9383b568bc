// The end of the README's first command: lecter doing its job for real, on this machine alone.
//
// It starts the project's ApiServer stand-in (tests/support/apiserver: HTTPS, tokens, resourceVersions,
// the same answers as Kubernetes), makes a network namespace holding three machines that listen on
// 6379 (ordinary addresses: Kubernetes refuses loopback ones in Endpoints), and runs the real `lecter`
// daemon against them. Then it takes node-02 down and brings it back, printing what a user sees: the
// transitions lecter logs, and the Endpoints object before and after, as `kubectl get endpoints -o
// yaml` would show it. Everything it starts, it stops. Needs root (network namespaces).
//
//   lecter_demo LECTER_BINARY

#include <signal.h>

#include <chrono>
#include <cstdlib>
#include <functional>
#include <iostream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "lecter/kube/to_yaml.h"
#include "support/apiserver/apiserver_fixture.h"
#include "support/common/free_port.h"
#include "support/common/occurrences.h"
#include "support/common/subprocess.h"
#include "support/common/temp_dir.h"
#include "support/netns/test_network.h"

namespace {

using lecter::testing::ApiServerFixture;
using lecter::testing::occurrences;
using lecter::testing::Subprocess;
using lecter::testing::TempDir;
using lecter::testing::TestNetwork;

constexpr const char* kToken = "demo-token";
constexpr const char* kNamespace = "default";
constexpr const char* kName = "redis-external";
constexpr std::uint16_t kPort = 6379;
constexpr auto kWait = std::chrono::seconds(15);

std::string configText(const ApiServerFixture& api, const std::string& token_file, std::uint16_t listen_port,
                       const std::vector<std::string>& ips) {
  std::string nodes;
  for (std::size_t i = 0; i < ips.size(); ++i)
    nodes += "    - name: node-0" + std::to_string(i + 1) + "\n      ip: " + ips[i] + "\n";
  return "my_conf:\n"
         "  interval: 1000\n"
         "  pingtimeout: 500\n"
         "  listen: 127.0.0.1:" +
         std::to_string(listen_port) +
         "\n"
         "kubernetes_conf:\n"
         "  url: " +
         api.url() + "\n  token_file: " + token_file + "\n  ca_file: " + api.caFile() +
         "\n"
         "service_info:\n"
         "  redis:\n"
         "    namespace: default\n"
         "    name: redis-external\n"
         "service_healthcheck_list:\n"
         "  redis:\n"
         "  - port: 6379\n"
         "  - iplist:\n" +
         nodes +
         "endpoint_template:\n"
         "  kind: Endpoints\n"
         "  apiVersion: v1\n"
         "  metadata:\n"
         "    name: redis-external\n"
         "    namespace: default\n"
         "  subsets:\n"
         "  - addresses: []\n"
         "    ports:\n"
         "    - name: redis\n"
         "      port: 6379\n"
         "      protocol: TCP\n";
}

/// The lines of lecter's log from `from` on that a user watches for: transitions and writes.
std::size_t printNewLogLines(const std::string& log, std::size_t from) {
  std::size_t at = from;
  while (true) {
    const std::size_t end = log.find('\n', at);
    if (end == std::string::npos) return at;
    const std::string line = log.substr(at, end - at);
    if (line.find(" target ") != std::string::npos || line.find(" wrote ") != std::string::npos ||
        line.find("warn") != std::string::npos || line.find("error") != std::string::npos)
      std::cout << "  lecter: " << line << "\n";
    at = end + 1;
  }
}

bool waitFor(const std::function<bool()>& done) { return lecter::testing::eventually(done, kWait); }

void showEndpoints(const ApiServerFixture& api, const std::string& when) {
  std::cout << "--- kubectl get endpoints " << kName << " -o yaml (" << when << ")\n";
  const auto object = api.endpoints(kNamespace, kName);
  std::cout << (object ? lecter::toYaml(*object) : std::string("(no such object)\n"));
}

int fail(const std::string& why, Subprocess* lecter) {
  std::cerr << "demo: FAILED: " << why << "\n";
  if (lecter != nullptr) std::cerr << "---- lecter's log ----\n" << lecter->err() << "\n";
  return 1;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 2) {
    std::cerr << "usage: lecter_demo LECTER_BINARY\n";
    return 2;
  }
  if (const auto why = TestNetwork::unavailableReason()) {
    std::cerr << "demo: cannot make its network namespace (" << *why
              << "); run as root, or scripts/setup.sh --no-demo\n";
    return 2;
  }
  try {
    TempDir dir;
    lecter::testing::ApiServerOptions options;
    options.tokens = {kToken};
    ApiServerFixture api(options);
    // The selectorless Service the Endpoints belong to, as `kubectl apply -k deploy/example` makes it.
    api.putService(kNamespace, kName,
                   {{"apiVersion", "v1"},
                    {"kind", "Service"},
                    {"metadata", {{"name", kName}, {"namespace", kNamespace}}},
                    {"spec", {{"ports", {{{"name", "redis"}, {"port", kPort}, {"protocol", "TCP"}}}}}}});
    TestNetwork network;
    const std::vector<std::string> ips = {network.addHost(0), network.addHost(1), network.addHost(2)};
    for (const auto& ip : ips) network.openListener(ip, kPort);

    const std::uint16_t listen_port = lecter::testing::freeLoopbackPort();
    const std::string token_file = dir.write("token", std::string(kToken) + "\n");
    const std::string config = dir.write("config.yaml", configText(api, token_file, listen_port, ips));
    std::cout << "--- an ApiServer stand-in at " << api.url() << ", three machines " << ips[0] << ", "
              << ips[1] << ", " << ips[2] << " listening on " << kPort << " in network namespace "
              << network.name() << "\n";
    showEndpoints(api, "before lecter");

    std::cout << "--- lecter -f " << config << "\n";
    Subprocess lecter({argv[1], "-f", config});
    std::size_t shown = 0;
    // lecter logs a write once it is answered, just after the object changed: wait for both.
    std::size_t writes = 0;
    const auto written = [&](std::size_t ready) {
      return api.readyIps(kNamespace, kName).size() == ready && occurrences(lecter.err(), " wrote ") > writes;
    };
    const bool all_up = waitFor([&] { return written(3); });
    ++writes;
    shown = printNewLogLines(lecter.err(), shown);
    if (!all_up) return fail("lecter did not write the three machines within 15 s", &lecter);
    std::cout << "--- while it runs: http://127.0.0.1:" << listen_port << "/status (and /metrics)\n";
    showEndpoints(api, "all three healthy");

    std::cout << "--- node-02 (" << ips[1] << ") stops listening\n";
    network.closeListener(ips[1], kPort);
    const bool dropped = waitFor([&] { return written(2); });
    ++writes;
    shown = printNewLogLines(lecter.err(), shown);
    if (!dropped) return fail("lecter did not take node-02 out within 15 s", &lecter);
    showEndpoints(api, "node-02 down");

    std::cout << "--- node-02 listens again\n";
    network.openListener(ips[1], kPort);
    const bool back = waitFor([&] { return written(3); });
    shown = printNewLogLines(lecter.err(), shown);
    if (!back) return fail("lecter did not put node-02 back within 15 s", &lecter);
    showEndpoints(api, "node-02 back");

    lecter.signal(SIGTERM);
    const auto code = lecter.wait(std::chrono::seconds(5));
    if (code != 0) return fail("lecter did not exit 0 on SIGTERM", &lecter);
    std::cout << "demo: OK: lecter wrote the Endpoints of " << kNamespace << "/" << kName
              << " as node-02 went down and came back, and stopped cleanly on SIGTERM\n";
    return 0;
  } catch (const std::exception& e) {
    return fail(e.what(), nullptr);
  }
}
