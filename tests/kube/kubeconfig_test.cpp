// The kubeconfig reader: the current context's server, CA, TLS switch and credentials, data fields
// against files, paths relative to the kubeconfig's folder, and errors that name the file and the
// place without repeating a secret.
#include "lecter/kube/kubeconfig.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <ostream>
#include <string>
#include <vector>

#include "support/common/base64.h"
#include "support/common/fifo.h"
#include "support/common/temp_dir.h"

namespace lecter {
namespace {

using testing::TempDir;

constexpr const char* kCaPem = "-----BEGIN CERTIFICATE-----\nMIIBcaCA\n-----END CERTIFICATE-----\n";
constexpr const char* kCertPem = "-----BEGIN CERTIFICATE-----\nMIIBclient\n-----END CERTIFICATE-----\n";
constexpr const char* kKeyPem = "-----BEGIN PRIVATE KEY-----\nMIGHkey\n-----END PRIVATE KEY-----\n";

std::string base64(const std::string& bytes) { return testing::encodeBase64(bytes); }

/// A kubeconfig whose current context is "dev": cluster "dev-cluster" with `cluster_fields`, user
/// "dev-user" with `user_fields` (each line indented for its place). A second context "prod" is there
/// to be ignored.
std::string kubeconfigText(const std::string& cluster_fields, const std::string& user_fields) {
  return "apiVersion: v1\n"
         "kind: Config\n"
         "current-context: dev\n"
         "clusters:\n"
         "- name: prod-cluster\n"
         "  cluster:\n"
         "    server: https://198.18.0.99:6443\n"
         "- name: dev-cluster\n"
         "  cluster:\n" +
         cluster_fields +
         "contexts:\n"
         "- name: prod\n"
         "  context: {cluster: prod-cluster, user: prod-user}\n"
         "- name: dev\n"
         "  context:\n"
         "    cluster: dev-cluster\n"
         "    user: dev-user\n"
         "    namespace: db\n"
         "users:\n"
         "- name: prod-user\n"
         "  user: {token: prod-token-8f1e}\n"
         "- name: dev-user\n"
         "  user:\n" +
         user_fields;
}

const std::string kServer = "    server: https://198.18.0.10:6443/\n";

class KubeconfigTest : public ::testing::Test {
 protected:
  /// Parses `text` as if read from dir_/kube/config.
  Kubeconfig parse(const std::string& text) const { return parseKubeconfig(text, configPath()); }
  [[nodiscard]] std::string configPath() const { return dir_.path() + "/kube/config"; }

  /// The message parse(text) fails with; empty (and a test failure) when it does not fail.
  std::string errorOf(const std::string& text) const {
    try {
      parse(text);
    } catch (const KubeconfigError& e) {
      return e.what();
    }
    ADD_FAILURE() << "no error for:\n" << text;
    return {};
  }

  void SetUp() override {
    std::filesystem::create_directories(dir_.path() + "/kube/certs");
    std::filesystem::create_directories(dir_.path() + "/pki");
  }

  TempDir dir_;
};

TEST_F(KubeconfigTest, CurrentContextPicksItsClusterServerAndUserToken) {
  const Kubeconfig k =
      parse(kubeconfigText(kServer + "    certificate-authority-data: " + base64(kCaPem) + "\n",
                           "    token: \" dev-token-31c5\\n\"\n"));
  EXPECT_EQ(k.path, configPath());
  EXPECT_EQ(k.context, "dev");
  EXPECT_EQ(k.cluster, "dev-cluster");
  EXPECT_EQ(k.user, "dev-user");
  EXPECT_EQ(k.server, "https://198.18.0.10:6443");
  EXPECT_EQ(k.tls.ca_pem, kCaPem);
  EXPECT_EQ(k.tls.ca_file, "");
  EXPECT_FALSE(k.tls.insecure_skip_verify);
  EXPECT_EQ(k.token, "dev-token-31c5");
  EXPECT_EQ(k.token_file, "");
  EXPECT_TRUE(k.warnings.empty());
}

TEST_F(KubeconfigTest, ClientCertificateAndKeyDataAreDecodedToPem) {
  const Kubeconfig k =
      parse(kubeconfigText(kServer + "    certificate-authority-data: " + base64(kCaPem) + "\n",
                           "    client-certificate-data: " + base64(kCertPem) +
                               "\n    client-key-data: " + base64(kKeyPem) + "\n"));
  EXPECT_EQ(k.tls.client_cert_pem, kCertPem);
  EXPECT_EQ(k.tls.client_key_pem, kKeyPem);
  EXPECT_EQ(k.tls.client_cert_file, "");
  EXPECT_EQ(k.tls.client_key_file, "");
  EXPECT_EQ(k.token, "");
}

TEST_F(KubeconfigTest, Base64WrappedOverLinesIsAccepted) {
  std::string wrapped = base64(kKeyPem);
  wrapped.insert(20, "\n      ");
  const Kubeconfig k =
      parse(kubeconfigText(kServer, "    client-certificate-data: " + base64(kCertPem) +
                                        "\n    client-key-data: |\n      " + wrapped + "\n"));
  EXPECT_EQ(k.tls.client_key_pem, kKeyPem);
}

TEST_F(KubeconfigTest, RelativePathsResolveAgainstTheKubeconfigFolder) {
  const std::string ca = dir_.write("pki/ca.crt", kCaPem);
  const std::string cert = dir_.write("kube/certs/dev.crt", kCertPem);
  const std::string key = dir_.write("kube/certs/dev.key", kKeyPem);
  const std::string token = dir_.write("kube/token", "dev-token-31c5\n");

  const Kubeconfig k = parse(kubeconfigText(kServer + "    certificate-authority: ../pki/ca.crt\n",
                                            "    client-certificate: certs/dev.crt\n"
                                            "    client-key: ./certs/dev.key\n"
                                            "    tokenFile: token\n"));
  EXPECT_EQ(k.tls.ca_file, ca);
  EXPECT_EQ(k.tls.client_cert_file, cert);
  EXPECT_EQ(k.tls.client_key_file, key);
  EXPECT_EQ(k.token_file, token);
  EXPECT_EQ(k.tls.ca_pem, "");
  EXPECT_EQ(k.tls.client_cert_pem, "");
  EXPECT_EQ(k.tls.client_key_pem, "");
}

TEST_F(KubeconfigTest, AbsolutePathsStayAsGiven) {
  const std::string ca = dir_.write("pki/ca.crt", kCaPem);
  const Kubeconfig k = parse(kubeconfigText(kServer + "    certificate-authority: " + ca + "\n",
                                            "    tokenFile: " + dir_.write("pki/token", "t") + "\n"));
  EXPECT_EQ(k.tls.ca_file, ca);
  EXPECT_EQ(k.token_file, dir_.path() + "/pki/token");
}

TEST_F(KubeconfigTest, InsecureSkipTlsVerifyIsRead) {
  const Kubeconfig k =
      parse(kubeconfigText(kServer + "    insecure-skip-tls-verify: true\n", "    token: dev-token-31c5\n"));
  EXPECT_TRUE(k.tls.insecure_skip_verify);
}

TEST_F(KubeconfigTest, DataFieldsWinOverTheirFilesWithAWarning) {
  dir_.write("pki/ca.crt", kCaPem);
  dir_.write("kube/certs/dev.crt", kCertPem);
  dir_.write("kube/certs/dev.key", kKeyPem);
  const Kubeconfig k = parse(kubeconfigText(
      kServer + "    certificate-authority: ../pki/ca.crt\n    certificate-authority-data: " +
          base64(kCaPem) + "\n",
      "    client-certificate: certs/dev.crt\n    client-certificate-data: " + base64(kCertPem) +
          "\n    client-key: certs/dev.key\n    client-key-data: " + base64(kKeyPem) + "\n"));
  EXPECT_EQ(k.tls.ca_pem, kCaPem);
  EXPECT_EQ(k.tls.ca_file, "");
  EXPECT_EQ(k.tls.client_cert_file, "");
  EXPECT_EQ(k.tls.client_key_file, "");
  const std::string prefix =
      "kubeconfig " + configPath() + " (context dev, cluster dev-cluster, user dev-user): ";
  EXPECT_EQ(k.warnings,
            (std::vector<std::string>{
                prefix + "certificate-authority-data and certificate-authority are both given; "
                         "certificate-authority-data is used",
                prefix + "client-certificate-data and client-certificate are both given; "
                         "client-certificate-data is used",
                prefix + "client-key-data and client-key are both given; client-key-data is used"}));
}

TEST_F(KubeconfigTest, TokenFileWinsOverTokenAsInClientGo) {
  const std::string token = dir_.write("kube/token", "from-file\n");
  const Kubeconfig k = parse(kubeconfigText(kServer, "    token: inline-token-5d2a\n    tokenFile: token\n"));
  EXPECT_EQ(k.token, "");
  EXPECT_EQ(k.token_file, token);
  ASSERT_EQ(k.warnings.size(), 1U);
  EXPECT_NE(k.warnings[0].find("token and tokenFile are both given; tokenFile is used"), std::string::npos);
}

TEST_F(KubeconfigTest, DescriptionNamesFileContextClusterAndUserButNoSecret) {
  const Kubeconfig k = parse(kubeconfigText(kServer, "    token: dev-token-31c5\n"));
  EXPECT_EQ(k.describe(),
            "kubeconfig " + configPath() + " (context dev, cluster dev-cluster, user dev-user)");
}

TEST_F(KubeconfigTest, ReadsTheFileFromDisk) {
  const std::string path = dir_.write("kube/config", kubeconfigText(kServer, "    token: dev-token-31c5\n"));
  const Kubeconfig k = readKubeconfig(path);
  EXPECT_EQ(k.path, path);
  EXPECT_EQ(k.server, "https://198.18.0.10:6443");
}

TEST_F(KubeconfigTest, MissingFileIsAnErrorNamingIt) {
  const std::string path = dir_.path() + "/nowhere/config";
  try {
    readKubeconfig(path);
    FAIL() << "no error";
  } catch (const KubeconfigError& e) {
    EXPECT_EQ(std::string(e.what()), "kubeconfig " + path + ": no such file");
  }
}

TEST_F(KubeconfigTest, AFifoInPlaceOfTheFileIsRefusedWithoutWaitingForAWriter) {
  const std::string path = dir_.path() + "/kube/config";
  testing::makeFifo(path);
  std::string message;
  EXPECT_TRUE(testing::returnsWithoutAWriter(path, [&] {
    try {
      readKubeconfig(path);
    } catch (const KubeconfigError& e) {
      message = e.what();
    }
  })) << "reading the kubeconfig waited for a writer";
  EXPECT_EQ(message, "kubeconfig " + path + ": is a FIFO, not a regular file");
}

TEST_F(KubeconfigTest, AnInlineTokenWithALineBreakIsAcceptedWhenTokenFileReplacesIt) {
  dir_.write("kube/token", "from-file\n");
  const Kubeconfig k =
      parse(kubeconfigText(kServer, "    token: \"inline\\r\\nX-Injected: 1\"\n    tokenFile: token\n"));
  EXPECT_EQ(k.token, "");
  EXPECT_EQ(k.token_file, dir_.path() + "/kube/token");
}

struct ErrorCase {
  const char* name;
  std::string text;
  std::string message;  // after "kubeconfig <path>"
};

void PrintTo(const ErrorCase& error_case, std::ostream* out) { *out << error_case.name; }

std::vector<ErrorCase> errorCases() {
  const std::string token = "    token: dev-token-31c5\n";
  return {
      {"NotYaml", "clusters: [\n", ":2:1: invalid YAML: end of sequence flow not found"},
      // yaml-cpp 0.7 reads no document here (jbeder/yaml-cpp#1040); it must not loop.
      {"StrayComma", ",\ncurrent-context: dev\n",
       ":1:1: must be a mapping with clusters, contexts, users and current-context"},
      {"NotAMapping", "- a\n- b\n",
       ":1:1: must be a mapping with clusters, contexts, users and current-context"},
      {"NoCurrentContext", "apiVersion: v1\nclusters: []\n",
       ":1:1: current-context is not set (kubectl config use-context NAME sets it)"},
      {"CurrentContextNotAmongContexts", "current-context: staging\ncontexts: []\n",
       ":1:18: current-context names \"staging\", which is not among contexts"},
      {"ContextsNotAList", "current-context: dev\ncontexts: {dev: {}}\n", ":2:11: contexts: must be a list"},
      {"ContextWithoutUser", "current-context: dev\ncontexts:\n- name: dev\n  context: {cluster: c}\n",
       ":4:12: context \"dev\": user is missing"},
      {"ClusterNotAmongClusters",
       kubeconfigText(kServer, token)
           .replace(kubeconfigText(kServer, token).find("cluster: dev-cluster"), 20, "cluster: qa-cluster"),
       ":16:14: context \"dev\": cluster names \"qa-cluster\", which is not among clusters"},
      {"UserNotAmongUsers",
       kubeconfigText(kServer, token)
           .replace(kubeconfigText(kServer, token).find("user: dev-user"), 14, "user: qa-user"),
       ":17:11: context \"dev\": user names \"qa-user\", which is not among users"},
      {"ServerMissing", kubeconfigText("    insecure-skip-tls-verify: true\n", token),
       ":10:5: cluster \"dev-cluster\": server is missing"},
      {"ServerWithoutScheme", kubeconfigText("    server: 198.18.0.10:6443\n", token),
       ":10:13: cluster \"dev-cluster\": server must be an https:// (or http://) address, got "
       "\"198.18.0.10:6443\""},
      {"CaDataNotBase64", kubeconfigText(kServer + "    certificate-authority-data: not*base64\n", token),
       ":11:33: cluster \"dev-cluster\": certificate-authority-data is not valid base64"},
      {"CaDataNotPem",
       kubeconfigText(kServer + "    certificate-authority-data: " + base64("hello") + "\n", token),
       ":11:33: cluster \"dev-cluster\": certificate-authority-data does not hold PEM once base64-decoded"},
      {"CaFileMissing", kubeconfigText(kServer + "    certificate-authority: ../pki/missing.crt\n", token),
       ":11:28: cluster \"dev-cluster\": certificate-authority <dir>/pki/missing.crt does not name an "
       "existing file"},
      {"ServerWithoutHost", kubeconfigText("    server: https:///\n", token),
       ":10:13: cluster \"dev-cluster\": server must be an https:// (or http://) address, got \"https:///\""},
      {"InsecureNotABool", kubeconfigText(kServer + "    insecure-skip-tls-verify: sometimes\n", token),
       ":11:31: cluster \"dev-cluster\": insecure-skip-tls-verify must be true or false"},
      {"InsecureWithACa",
       kubeconfigText(kServer + "    certificate-authority-data: " + base64(kCaPem) +
                          "\n    insecure-skip-tls-verify: true\n",
                      token),
       ":12:31: cluster \"dev-cluster\": insecure-skip-tls-verify is true and a certificate-authority is "
       "given; "
       "choose one"},
      {"UserWithoutCredentials", kubeconfigText(kServer, "    username: admin\n"),
       ":24:5: user \"dev-user\": has no credentials lecter can use (token, tokenFile, or client-certificate "
       "with "
       "client-key); username is not supported"},
      {"UserWithOnlyAnExecPlugin", kubeconfigText(kServer, "    exec: {command: aws, apiVersion: v1}\n"),
       ":24:5: user \"dev-user\": has no credentials lecter can use (token, tokenFile, or client-certificate "
       "with "
       "client-key); exec is not supported"},
      {"UserEmpty", kubeconfigText(kServer, "    {}\n"),
       ":24:5: user \"dev-user\": has no credentials lecter can use (token, tokenFile, or client-certificate "
       "with "
       "client-key)"},
      {"ClientCertificateWithoutKey",
       kubeconfigText(kServer, "    client-certificate-data: " + base64(kCertPem) + "\n"),
       ":24:5: user \"dev-user\": has a client certificate but no client-key or client-key-data"},
      {"ClientKeyWithoutCertificate",
       kubeconfigText(kServer, "    client-key-data: " + base64(kKeyPem) + "\n"),
       ":24:5: user \"dev-user\": has a client key but no client-certificate or client-certificate-data"},
      {"ClientKeyDataNotBase64",
       kubeconfigText(kServer, "    client-certificate-data: " + base64(kCertPem) +
                                   "\n    client-key-data: LS0tLS1CRUdJTi*secret-key-material\n"),
       ":25:22: user \"dev-user\": client-key-data is not valid base64"},
      // Names and yaml-cpp's messages come from the file; control characters in them are escaped.
      {"ControlCharacterInTheYamlError", "current-context: \"\\\x01\"\n",
       ":1:21: invalid YAML: unknown escape character: \\x01"},
      {"ControlCharactersInAName", "current-context: \"staging\\r\\nX-Injected: 1\"\ncontexts: []\n",
       ":1:18: current-context names \"staging\\x0d\\x0aX-Injected: 1\", which is not among contexts"},
      {"TokenNotAString", kubeconfigText(kServer, "    token: [secret-token-4e1a]\n"),
       ":24:12: user \"dev-user\": token must be a string"},
      // In the Authorization header, the CR LF would start a header of the kubeconfig writer's choice.
      {"TokenWithALineBreakInside",
       kubeconfigText(kServer, "    token: \"secret-token-4e1a\\r\\nX-Injected: 1\"\n"),
       ":24:12: user \"dev-user\": token holds a control character (0x0D)"},
      {"TokenOverSixtyFourKib", kubeconfigText(kServer, "    token: " + std::string(70'000, 'a') + "\n"),
       ":24:12: user \"dev-user\": token is 70000 bytes, more than 64 KiB"},
  };
}

class KubeconfigErrorTest : public KubeconfigTest, public ::testing::WithParamInterface<ErrorCase> {};

TEST_P(KubeconfigErrorTest, NamesTheFileThePlaceAndWhatIsWrong) {
  std::string expected = "kubeconfig " + configPath() + GetParam().message;
  const auto dir_at = expected.find("<dir>");
  if (dir_at != std::string::npos) expected.replace(dir_at, 5, dir_.path());
  const std::string message = errorOf(GetParam().text);
  EXPECT_EQ(message, expected);
  for (const char* secret : {"dev-token-31c5", "secret-key-material", "secret-token-4e1a"})
    EXPECT_EQ(message.find(secret), std::string::npos) << "a secret in: " << message;
}

INSTANTIATE_TEST_SUITE_P(Cases, KubeconfigErrorTest, ::testing::ValuesIn(errorCases()),
                         [](const auto& test) { return std::string(test.param.name); });

class FindKubeconfigTest : public ::testing::Test {
 protected:
  TempDir dir_;
};

TEST_F(FindKubeconfigTest, ConfiguredPathWinsEvenWhenMissing) {
  const std::string home_config = dir_.write(".kube/config", "x");
  std::string tried;
  EXPECT_EQ(findKubeconfig("/etc/lecter/kubeconfig", home_config, dir_.path(), &tried),
            "/etc/lecter/kubeconfig");
}

TEST_F(FindKubeconfigTest, FirstExistingFileOfTheKubeconfigVariable) {
  const std::string second = dir_.write("b", "x");
  const std::string third = dir_.write("c", "x");
  dir_.write(".kube/config", "x");
  EXPECT_EQ(findKubeconfig("", dir_.path() + "/a::" + second + ":" + third, dir_.path(), nullptr), second);
}

TEST_F(FindKubeconfigTest, SetVariableWithNoExistingFileDoesNotFallBackToHome) {
  dir_.write(".kube/config", "x");
  std::string tried;
  EXPECT_EQ(findKubeconfig("", dir_.path() + "/a:" + dir_.path() + "/b", dir_.path(), &tried), "");
  EXPECT_EQ(tried, "$KUBECONFIG (" + dir_.path() + "/a, " + dir_.path() + "/b)");
}

TEST_F(FindKubeconfigTest, HomeKubeConfigWithoutTheVariable) {
  const std::string home_config = dir_.write(".kube/config", "x");
  EXPECT_EQ(findKubeconfig("", "", dir_.path(), nullptr), home_config);
}

TEST_F(FindKubeconfigTest, NothingFoundSaysWhatWasTried) {
  std::string tried;
  EXPECT_EQ(findKubeconfig("", "", dir_.path(), &tried), "");
  EXPECT_EQ(tried, dir_.path() + "/.kube/config");
  EXPECT_EQ(findKubeconfig("", "", "", &tried), "");
  EXPECT_EQ(tried, "~/.kube/config ($HOME is unset)");
}

}  // namespace
}  // namespace lecter
