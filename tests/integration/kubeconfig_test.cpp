// Out of cluster from a kubeconfig (issue 4, acceptance 4): `lecter --once` with `url` empty and no
// KUBERNETES_SERVICE_HOST in its environment finds the ApiServer through a kubeconfig, (a) with an
// embedded CA and client certificate/key data, which the fixture verifies (mutual TLS), and (b) with a
// token; the object gets written either way.

#include <algorithm>
#include <chrono>
#include <string>

#include "lecter_test.h"
#include "support/common/base64.h"

namespace lecter::testing {
namespace {

class KubeconfigLecterTest : public LecterTest {
 protected:
  void SetUp() override {
    LecterTest::SetUp();
    if (IsSkipped()) return;
    // The same fixture, now also asking for client certificates; tokens still work beside them.
    api_ = std::make_unique<ApiServerFixture>(ApiServerOptions{.client_certificates = true});
    // Not a pod, no kubeconfig from the environment or the real home: only what each test gives.
    lecter_env_ = {"KUBERNETES_SERVICE_HOST=", "KUBERNETES_SERVICE_PORT=", "KUBECONFIG=",
                   "HOME=" + dir_.path() + "/home"};
  }

  /// settingsFor(ips) without url, CA or token file: the kubeconfig must give them.
  LecterSettings outOfClusterSettings(const std::vector<std::string>& ips) const {
    LecterSettings settings = settingsFor(ips);
    settings.url.clear();
    settings.ca_file.clear();
    settings.token_file.clear();
    return settings;
  }

  /// A kubeconfig whose current context "it" points at the fixture; `cluster` and `user` are the
  /// fields of its cluster and user (each line indented by four). A decoy context comes first.
  std::string writeKubeconfig(const std::string& name, const std::string& cluster,
                              const std::string& user) const {
    return dir_.write(name,
                      "apiVersion: v1\n"
                      "kind: Config\n"
                      "clusters:\n"
                      "- name: decoy\n"
                      "  cluster: {server: 'https://127.0.0.1:1'}\n"
                      "- name: it\n"
                      "  cluster:\n"
                      "    server: " +
                          api_->url() + "\n" + cluster +
                          "contexts:\n"
                          "- name: decoy\n"
                          "  context: {cluster: decoy, user: decoy}\n"
                          "- name: it\n"
                          "  context: {cluster: it, user: lecter}\n"
                          "current-context: it\n"
                          "users:\n"
                          "- name: decoy\n"
                          "  user: {token: decoy}\n"
                          "- name: lecter\n"
                          "  user:\n" +
                          user);
  }

  static bool allRequestsBy(const std::vector<RecordedRequest>& requests, const std::string& client_user) {
    for (const RecordedRequest& r : requests)
      if (r.client_user != client_user) return false;
    return !requests.empty();
  }
};

TEST_F(KubeconfigLecterTest, EmbeddedCaAndClientCertificateDataWriteTheObject) {
  const auto ips = openTargets(2);
  const CertificateFiles certificate = api_->makeClientCertificate("lecter");
  const std::string key_data = encodeBase64(readFile(certificate.key_file));
  const std::string kubeconfig = writeKubeconfig(
      "kube/config", "    certificate-authority-data: " + encodeBase64(readFile(api_->caFile())) + "\n",
      "    client-certificate-data: " + encodeBase64(readFile(certificate.cert_file)) +
          "\n    client-key-data: " + key_data + "\n");
  auto settings = outOfClusterSettings(ips);
  settings.kubeconfig = kubeconfig;

  const RunResult r = runLecter(settings, {"--once"});

  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(readyIps(), (std::vector<std::string>{ips.begin(), ips.end()}));
  // Every request came with the certificate the fixture verified, so the write was by that user.
  EXPECT_TRUE(allRequestsBy(api_->requests(), "lecter"));
  EXPECT_NE(r.err.find("(from kubeconfig " + kubeconfig + " (context it, cluster it, user lecter))"),
            std::string::npos)
      << r.err;
  EXPECT_EQ((r.out + r.err).find(key_data.substr(0, 40)), std::string::npos) << "the client key was logged";
  EXPECT_EQ((r.out + r.err).find("PRIVATE KEY"), std::string::npos) << "the client key was logged";
}

TEST_F(KubeconfigLecterTest, TokenFromTheKubeconfigVariableWritesTheObject) {
  const auto ips = openTargets(1);
  dir_.write("kube/pki/ca.crt", readFile(api_->caFile()));
  // A relative CA path, taken from the kubeconfig's folder, not lecter's working directory.
  const std::string kubeconfig =
      writeKubeconfig("kube/token-config", "    certificate-authority: pki/ca.crt\n",
                      "    token: " + std::string(kToken) + "\n");
  std::replace(lecter_env_.begin(), lecter_env_.end(), std::string("KUBECONFIG="),
               "KUBECONFIG=" + dir_.path() + "/missing-config:" + kubeconfig);

  const RunResult r = runLecter(outOfClusterSettings(ips), {"--once"});

  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(readyIps(), ips);
  EXPECT_TRUE(allRequestsBy(api_->requests(), "")) << "a client certificate was sent";
  EXPECT_NE(r.err.find("(from kubeconfig " + kubeconfig + " (context it, cluster it, user lecter))"),
            std::string::npos)
      << r.err;
}

TEST_F(KubeconfigLecterTest, UserWithoutCredentialsStopsTheStartNamingTheFile) {
  const auto ips = openTargets(1);
  const std::string kubeconfig =
      writeKubeconfig("kube/config", "    insecure-skip-tls-verify: true\n", "    {}\n");
  auto settings = outOfClusterSettings(ips);
  settings.kubeconfig = kubeconfig;

  const RunResult r = runLecter(settings, {"--once"});

  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(
      r.err.find("kubeconfig " + kubeconfig + ":21:5: user \"lecter\": has no credentials lecter can use"),
      std::string::npos)
      << r.err;
  EXPECT_EQ(api_->requestCount(), 0U);
}

TEST_F(KubeconfigLecterTest, CheckWarnsWhenNoKubeconfigIsFoundAndStillPasses) {
  const RunResult r = runLecter(outOfClusterSettings({"198.18.0.30"}), {"--check"});

  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.err.find("no kubeconfig was found (tried " + dir_.path() + "/home/.kube/config)"),
            std::string::npos)
      << r.err;
}

}  // namespace
}  // namespace lecter::testing
