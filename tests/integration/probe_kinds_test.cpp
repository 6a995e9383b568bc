// Probe kinds end to end (issue 15, acceptance 1): real HTTP, HTTPS, TLS, gRPC and UDP servers inside
// the test's network namespace, one lecter probing them, and what it writes: each target classified
// right, each service's Endpoints listing only the targets that passed, with their ports.

#include <chrono>
#include <csignal>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "lecter_test.h"
#include "support/apiserver/test_ca.h"
#include "support/servers/grpc_health_server.h"
#include "support/servers/http_test_server.h"
#include "support/servers/udp_servers.h"

namespace lecter::testing {
namespace {

using nlohmann::json;
using std::chrono::seconds;

constexpr std::uint16_t kWebPort = 18080;
constexpr std::uint16_t kSecurePort = 18443;
constexpr std::uint16_t kCertPort = 18444;
constexpr std::uint16_t kGrpcPort = 19090;
constexpr std::uint16_t kDnsPort = 15353;

class ProbeKindsEndToEndTest : public LecterTest {
 protected:
  [[nodiscard]] std::string netns() const { return "/run/netns/" + network_->name(); }

  /// A server certificate for `names`, valid `days`, signed by the test CA.
  HttpTestServer::Tls certificate(const std::string& names, int days, const std::string& stem) {
    const CertificateFiles files =
        makeServerCertificate(ca_, names, std::chrono::hours(24) * days, dir_.path(), stem);
    return HttpTestServer::Tls{files.cert_file, files.key_file};
  }

  ServiceUnderTest service(const std::string& key, const std::vector<std::string>& ips,
                           const std::string& lines) const {
    ServiceUnderTest s;
    s.key = key;
    s.ns = kNamespace;
    s.name = key;
    s.ips = ips;
    s.healthcheck_lines = lines;
    return s;
  }

  [[nodiscard]] std::map<std::string, std::string> targetRecord(const std::string& service,
                                                                const std::string& address) const {
    return redisReader()
        .hash(std::string(kKeyPrefix) + ":target:" + service + "/" + address)
        .value_or(std::map<std::string, std::string>{});
  }

  CertificateFiles ca_;
};

TEST_F(ProbeKindsEndToEndTest, EachKindClassifiesItsTargetsAndOnlyThosePassingAreWritten) {
  ca_ = makeCa("lecter probe CA", dir_.path(), "probe-ca");
  std::vector<std::string> ip;
  for (int i = 0; i < 11; ++i) ip.push_back(network_->addHost(i));

  // http: 200, 500, and one holding its answer past the deadline.
  HttpTestServer web_ok(ip[0], std::nullopt, netns(), kWebPort);
  HttpTestServer web_failing(ip[1], std::nullopt, netns(), kWebPort);
  web_failing.setProbeAnswer(500);
  HttpTestServer web_slow(ip[2], std::nullopt, netns(), kWebPort);
  web_slow.setProbeAnswer(0);
  // https: a certificate for the name asked, and one for another name.
  HttpTestServer secure_ok(ip[3], certificate("DNS:db.example.test", 30, "secure-ok"), netns(), kSecurePort);
  HttpTestServer secure_wrong(ip[4], certificate("DNS:other.example.test", 30, "secure-wrong"), netns(),
                              kSecurePort);
  // tls with min_days_valid 7: 30 days left, and 3.
  HttpTestServer cert_ok(ip[5], certificate("DNS:db.example.test", 30, "cert-ok"), netns(), kCertPort);
  HttpTestServer cert_soon(ip[6], certificate("DNS:db.example.test", 3, "cert-soon"), netns(), kCertPort);
  // grpc: SERVING and NOT_SERVING.
  GrpcHealthServer grpc_serving(ip[7], netns(), kGrpcPort);
  grpc_serving.setServing("db", true);
  GrpcHealthServer grpc_not_serving(ip[8], netns(), kGrpcPort);
  grpc_not_serving.setServing("db", false);
  // udp: an echo and a silent port.
  UdpEchoServer dns_echo(ip[9], std::nullopt, netns(), kDnsPort);
  SilentUdpPort dns_silent(ip[10], netns(), kDnsPort);

  LecterSettings settings = settingsFor({});
  settings.ping_timeout_ms = 1000;
  settings.interval_ms = 300;
  settings.all_down = "empty";
  const std::string tls_keys = "server_name: db.example.test, ca_file: \"" + ca_.cert_file + "\"";
  settings.services = {
      service("web", {ip[0], ip[1], ip[2]},
              "  - port: " + std::to_string(kWebPort) + "\n  - probe: {type: http, path: /probe}\n"),
      service("secure", {ip[3], ip[4]},
              "  - port: " + std::to_string(kSecurePort) + "\n  - probe: {type: https, path: /ok, " +
                  tls_keys + "}\n"),
      service("cert", {ip[5], ip[6]},
              "  - port: " + std::to_string(kCertPort) + "\n  - probe: {type: tls, min_days_valid: 7, " +
                  tls_keys + "}\n"),
      service("grpc", {ip[7], ip[8]},
              "  - port: " + std::to_string(kGrpcPort) + "\n  - probe: {type: grpc, service: db}\n"),
      service("dns", {ip[9], ip[10]},
              "  - port: " + std::to_string(kDnsPort) + "\n  - probe: {type: udp, payload: ping}\n"),
  };
  Subprocess& lecter = startLecter(settings);

  const std::map<std::string, std::vector<std::string>> expected{
      {"web", {ip[0]}}, {"secure", {ip[3]}}, {"cert", {ip[5]}}, {"grpc", {ip[7]}}, {"dns", {ip[9]}}};
  for (const auto& [name, ready] : expected) {
    EXPECT_TRUE(
        eventually([&, &n = name, &r = ready] { return api_->readyIps(kNamespace, n) == r; }, seconds(20)))
        << name << " lists " << ::testing::PrintToString(api_->readyIps(kNamespace, name));
  }

  // Each target in the record with its kind and its error in the protocol's words.
  // Each target in the record with its kind and its error in the protocol's words. A record is
  // rewritten every cycle, and one slow cycle on a loaded machine may time a target out: each is
  // waited for, and shown as last seen when it never matches.
  const auto field = [](const std::map<std::string, std::string>& record, const std::string& name) {
    const auto it = record.find(name);
    return it == record.end() ? std::string() : it->second;
  };
  const auto expectRecord = [&](const std::string& svc, const std::string& address, const std::string& kind,
                                const std::string& outcome, const std::string& error) {
    std::map<std::string, std::string> record;
    const bool matched = eventually(
        [&] {
          record = targetRecord(svc, address);
          return field(record, "probe_kind") == kind && field(record, "last_outcome") == outcome &&
                 field(record, "last_error") == error;
        },
        seconds(10));
    EXPECT_TRUE(matched) << svc << " " << address << ": " << field(record, "probe_kind") << " "
                         << field(record, "last_outcome") << " '" << field(record, "last_error") << "'";
  };
  const std::string web = ":" + std::to_string(kWebPort);
  expectRecord("web", ip[0] + web, "http", "up", "");
  expectRecord("web", ip[1] + web, "http", "unhealthy", "HTTP 500");
  expectRecord("web", ip[2] + web, "http", "timeout", "connected; no HTTP answer before the deadline");
  EXPECT_TRUE(eventually(
      [&] {
        return field(targetRecord("secure", ip[4] + ":" + std::to_string(kSecurePort)), "last_outcome") ==
               "unhealthy";
      },
      seconds(10)));
  const std::string cert = ":" + std::to_string(kCertPort);
  expectRecord("cert", ip[5] + cert, "tls", "up", "");
  expectRecord("cert", ip[6] + cert, "tls", "unhealthy",
               "certificate expires in 3.0 days (min_days_valid 7)");
  const std::string grpc = ":" + std::to_string(kGrpcPort);
  expectRecord("grpc", ip[7] + grpc, "grpc", "up", "");
  expectRecord("grpc", ip[8] + grpc, "grpc", "unhealthy", "gRPC health NOT_SERVING");
  const std::string dns = ":" + std::to_string(kDnsPort);
  expectRecord("dns", ip[9] + dns, "udp", "up", "");
  expectRecord("dns", ip[10] + dns, "udp", "timeout", "no UDP reply before the deadline (3 datagrams sent)");

  // The transition's log line names the kind beside the protocol's words.
  // (Its words are the first probe's: HTTP 500, or a timeout should that cycle have been slow.)
  EXPECT_NE(lecter.err().find(ip[1] + web + ": pending -> unhealthy (http probe "), std::string::npos)
      << lecter.err();

  // The UDP service's port says UDP, so kube-proxy routes datagrams to it.
  const std::optional<json> dns_endpoints = api_->endpoints(kNamespace, "dns");
  ASSERT_TRUE(dns_endpoints.has_value());
  EXPECT_EQ((*dns_endpoints)["subsets"][0]["ports"][0]["protocol"], "UDP");
}

TEST_F(ProbeKindsEndToEndTest, AnAddressIsReadyWhenAllItsPortsPassAndTheObjectCarriesEveryPort) {
  std::vector<std::string> ip{network_->addHost(0), network_->addHost(1)};
  HttpTestServer http_a(ip[0], std::nullopt, netns(), kWebPort);
  HttpTestServer http_b(ip[1], std::nullopt, netns(), kWebPort);
  network_->openListener(ip[0], kPort);  // b's database port is closed
  LecterSettings settings = settingsFor({});
  settings.ping_timeout_ms = 1000;
  settings.all_down = "empty";
  const std::string ports =
      "  - ports:\n"
      "    - {name: web, port: " +
      std::to_string(kWebPort) +
      ", probe: {type: http, path: /ok}}\n"
      "    - {name: postgres, port: " +
      std::to_string(kPort) + "}\n";
  settings.services = {service(kName, ip, ports)};
  Subprocess& first = startLecter(settings);
  ASSERT_TRUE(eventuallyReady({ip[0]}, seconds(20))) << ::testing::PrintToString(readyIps());
  const std::optional<json> object = api_->endpoints(kNamespace, kName);
  ASSERT_TRUE(object.has_value());
  std::map<std::string, int> ports_written;
  for (const json& port : (*object)["subsets"][0]["ports"]) ports_written[port["name"]] = port["port"];
  EXPECT_EQ(ports_written, (std::map<std::string, int>{{"web", kWebPort}, {"postgres", kPort}}));

  // One cycle printed names the kind of each probe that is not a TCP connect.
  const RunResult once = runLecter(settings, {"--once", "--dry-run"});
  EXPECT_NE(once.out.find("probe db node-01 " + ip[0] + ":" + std::to_string(kWebPort) + " http up "),
            std::string::npos)
      << once.out << once.err;
  EXPECT_NE(once.out.find("probe db node-02 " + ip[1] + ":" + std::to_string(kPort) + " refused "),
            std::string::npos)
      << once.out;

  // ready_when: any takes b too: its web port passes.
  first.signal(SIGTERM);
  ASSERT_TRUE(first.wait(seconds(10)).has_value());
  settings.services[0].healthcheck_lines = ports + "  - ready_when: any\n";
  startLecter(settings);
  EXPECT_TRUE(eventuallyReady({ip[0], ip[1]}, seconds(20))) << ::testing::PrintToString(readyIps());
}

}  // namespace
}  // namespace lecter::testing
