#include "lecter/kube/kubeconfig.h"
#include "lecter/base/one_line.h"

// yaml-cpp stays inside this file: the header speaks only of lecter's own types.
#include <yaml-cpp/yaml.h>

#include <cstddef>
#include <filesystem>
#include <optional>
#include <sstream>
#include <string>
#include <utility>

#include "base64.h"
#include "lecter/base/file_reading.h"
#include "lecter/kube/token_source.h"

namespace lecter {
namespace {

// Kubeconfigs with many clusters and inline certificates run to tens of kilobytes; this is far past any.
constexpr std::size_t kMaxKubeconfigBytes = 16U * 1024 * 1024;

/// Reads the YAML tree of one kubeconfig, failing with messages that name the file and the place.
class KubeconfigReader {
 public:
  KubeconfigReader(std::string path, const YAML::Node& root) : path_(std::move(path)), root_(root) {}

  [[noreturn]] void fail(const YAML::Node& at, const std::string& what) const {
    std::string where = "kubeconfig " + path_;
    if (at.IsDefined()) {
      const YAML::Mark mark = at.Mark();
      if (!mark.is_null())
        where += ":" + std::to_string(mark.line + 1) + ":" + std::to_string(mark.column + 1);
    }
    throw KubeconfigError(oneLine(where + ": " + what));
  }

  /// The `name`d entry of the top-level list `list` (clusters, contexts, users), its inner mapping
  /// (`cluster`, `context`, `user`). `referrer` is where the name came from, for the message.
  YAML::Node entry(const std::string& list, const std::string& inner, const std::string& name,
                   const YAML::Node& referrer, const std::string& referrer_text) const {
    const YAML::Node entries = root_[list];
    if (entries && !entries.IsNull() && !entries.IsSequence()) fail(entries, list + ": must be a list");
    if (entries && entries.IsSequence()) {
      for (const YAML::Node& candidate : entries) {
        if (!candidate.IsMap())
          fail(candidate, list + ": every entry must be a mapping with name and " + inner);
        const YAML::Node candidate_name = candidate["name"];
        if (!candidate_name || !candidate_name.IsScalar() || candidate_name.Scalar() != name) continue;
        const YAML::Node body = candidate[inner];
        if (!body || body.IsNull()) return YAML::Node(YAML::NodeType::Map);
        if (!body.IsMap()) fail(body, list + " entry \"" + name + "\": " + inner + " must be a mapping");
        return body;
      }
    }
    fail(referrer, referrer_text + " names \"" + name + "\", which is not among " + list);
  }

  /// A scalar field of `map` as text (empty when absent or null). `owner` names the map in messages,
  /// which never repeat the value (it may be a token).
  std::string text(const YAML::Node& map, const std::string& key, const std::string& owner) const {
    const YAML::Node value = map[key];
    if (!value || value.IsNull()) return {};
    if (!value.IsScalar()) fail(value, owner + ": " + key + " must be a string");
    return value.Scalar();
  }

  bool flag(const YAML::Node& map, const std::string& key, const std::string& owner) const {
    const YAML::Node value = map[key];
    if (!value || value.IsNull()) return false;
    bool result = false;
    if (!value.IsScalar() || !YAML::convert<bool>::decode(value, result))
      fail(value, owner + ": " + key + " must be true or false");
    return result;
  }

  /// PEM from a base64 `*-data` field; never quotes the field, which may hold a private key.
  std::string pemData(const YAML::Node& map, const std::string& key, const std::string& owner) const {
    const std::string encoded = text(map, key, owner);
    if (encoded.empty()) return {};
    const std::optional<std::string> decoded = decodeBase64(encoded);
    if (!decoded) fail(map[key], owner + ": " + key + " is not valid base64");
    if (decoded->find("-----BEGIN ") == std::string::npos)
      fail(map[key], owner + ": " + key + " does not hold PEM once base64-decoded");
    return *decoded;
  }

  /// A path field, resolved against the kubeconfig's folder; it must name an existing file.
  std::string file(const YAML::Node& map, const std::string& key, const std::string& owner) const {
    const std::string given = text(map, key, owner);
    if (given.empty()) return {};
    std::filesystem::path resolved(given);
    if (resolved.is_relative()) resolved = std::filesystem::path(path_).parent_path() / resolved;
    const std::string result = resolved.lexically_normal().string();
    std::error_code error;
    if (!std::filesystem::is_regular_file(result, error))
      fail(map[key], owner + ": " + key + " " + result + " does not name an existing file");
    return result;
  }

 private:
  std::string path_;
  YAML::Node root_;
};

void readCluster(const KubeconfigReader& reader, const YAML::Node& cluster, Kubeconfig& result) {
  const std::string owner = "cluster \"" + result.cluster + "\"";
  result.server = reader.text(cluster, "server", owner);
  if (result.server.empty()) reader.fail(cluster, owner + ": server is missing");
  const bool http = result.server.rfind("http://", 0) == 0;
  const std::size_t host_at = http ? 7 : 8;
  if ((!http && result.server.rfind("https://", 0) != 0) || result.server.size() <= host_at ||
      result.server[host_at] == '/')
    reader.fail(cluster["server"],
                owner + ": server must be an https:// (or http://) address, got \"" + result.server + "\"");
  while (result.server.back() == '/') result.server.pop_back();

  result.tls.ca_pem = reader.pemData(cluster, "certificate-authority-data", owner);
  const std::string ca_file = reader.file(cluster, "certificate-authority", owner);
  if (!result.tls.ca_pem.empty() && !ca_file.empty()) {
    result.warnings.push_back(result.describe() +
                              ": certificate-authority-data and certificate-authority "
                              "are both given; certificate-authority-data is used");
  } else {
    result.tls.ca_file = ca_file;
  }
  result.tls.insecure_skip_verify = reader.flag(cluster, "insecure-skip-tls-verify", owner);
  if (result.tls.insecure_skip_verify && (!result.tls.ca_pem.empty() || !result.tls.ca_file.empty())) {
    // kubectl refuses the same: a CA that is then not checked is a contradiction.
    reader.fail(
        cluster["insecure-skip-tls-verify"],
        owner + ": insecure-skip-tls-verify is true and a certificate-authority is given; choose one");
  }
  for (const char* ignored : {"tls-server-name", "proxy-url"}) {
    if (cluster[ignored])
      result.warnings.push_back(result.describe() + ": " + owner + " sets " + ignored +
                                ", which lecter does not honour");
  }
}

void readUser(const KubeconfigReader& reader, const YAML::Node& user, Kubeconfig& result) {
  const std::string owner = "user \"" + result.user + "\"";
  result.token = trimmed(reader.text(user, "token", owner));
  result.token_file = reader.file(user, "tokenFile", owner);

  const std::string cert_pem = reader.pemData(user, "client-certificate-data", owner);
  const std::string cert_file = reader.file(user, "client-certificate", owner);
  const std::string key_pem = reader.pemData(user, "client-key-data", owner);
  const std::string key_file = reader.file(user, "client-key", owner);
  if (!cert_pem.empty() && !cert_file.empty())
    result.warnings.push_back(result.describe() +
                              ": client-certificate-data and client-certificate are both "
                              "given; client-certificate-data is used");
  if (!key_pem.empty() && !key_file.empty())
    result.warnings.push_back(result.describe() +
                              ": client-key-data and client-key are both given; client-key-data is used");
  result.tls.client_cert_pem = cert_pem;
  result.tls.client_cert_file = cert_pem.empty() ? cert_file : std::string();
  result.tls.client_key_pem = key_pem;
  result.tls.client_key_file = key_pem.empty() ? key_file : std::string();

  const bool has_cert = !cert_pem.empty() || !cert_file.empty();
  const bool has_key = !key_pem.empty() || !key_file.empty();
  if (has_cert != has_key) {
    reader.fail(
        user, owner + (has_cert ? ": has a client certificate but no client-key or client-key-data"
                                : ": has a client key but no client-certificate or client-certificate-data"));
  }
  if (!has_cert && result.token.empty() && result.token_file.empty()) {
    std::string unsupported;
    for (const char* kind : {"exec", "auth-provider", "username"}) {
      if (user[kind]) unsupported += std::string(unsupported.empty() ? "" : ", ") + kind;
    }
    reader.fail(user,
                owner +
                    ": has no credentials lecter can use (token, tokenFile, or client-certificate with "
                    "client-key" +
                    (unsupported.empty() ? std::string(")") : "); " + unsupported + " is not supported"));
  }
  if (!result.token.empty() && !result.token_file.empty()) {
    // client-go reads tokenFile and lets it win over token; so does lecter.
    result.warnings.push_back(result.describe() + ": token and tokenFile are both given; tokenFile is used");
    result.token.clear();
  }
  // Checked here, once it is sure to be sent: a line break in it would add headers to every request.
  if (const std::string problem = bearerTokenProblem(result.token); !problem.empty())
    reader.fail(user["token"], owner + ": token " + problem);
}

}  // namespace

std::string Kubeconfig::describe() const {
  return oneLine("kubeconfig " + path + " (context " + context + ", cluster " + cluster + ", user " + user +
                 ")");
}

Kubeconfig parseKubeconfig(const std::string& text, const std::string& path) {
  YAML::Node loaded;
  try {
    loaded = YAML::Load(text);
  } catch (const YAML::Exception& e) {
    std::string where = "kubeconfig " + path;
    if (!e.mark.is_null())
      where += ":" + std::to_string(e.mark.line + 1) + ":" + std::to_string(e.mark.column + 1);
    throw KubeconfigError(oneLine(where + ": invalid YAML: " + e.msg));
  }
  // Only const lookups: yaml-cpp's non-const operator[] adds the key it looks for.
  const YAML::Node& root = loaded;
  const KubeconfigReader reader(path, root);
  if (!root.IsMap())
    reader.fail(root, "must be a mapping with clusters, contexts, users and current-context");

  Kubeconfig result;
  result.path = path;
  const YAML::Node current = root["current-context"];
  result.context = reader.text(root, "current-context", "the file");
  if (result.context.empty())
    reader.fail(current ? current : root,
                "current-context is not set (kubectl config use-context NAME sets it)");

  const std::string context_owner = "context \"" + result.context + "\"";
  const YAML::Node context = reader.entry("contexts", "context", result.context, current, "current-context");
  result.cluster = reader.text(context, "cluster", context_owner);
  result.user = reader.text(context, "user", context_owner);
  if (result.cluster.empty()) reader.fail(context, context_owner + ": cluster is missing");
  if (result.user.empty()) reader.fail(context, context_owner + ": user is missing");

  const YAML::Node cluster =
      reader.entry("clusters", "cluster", result.cluster, context["cluster"], context_owner + ": cluster");
  readCluster(reader, cluster, result);
  const YAML::Node user =
      reader.entry("users", "user", result.user, context["user"], context_owner + ": user");
  readUser(reader, user, result);
  for (std::string& warning : result.warnings) warning = oneLine(warning);
  return result;
}

Kubeconfig readKubeconfig(const std::string& path) {
  const FileRead file = readRegularFile(path, kMaxKubeconfigBytes);
  if (file.status == FileRead::Status::NotFound)
    throw KubeconfigError("kubeconfig " + path + ": no such file");
  if (!file.ok()) throw KubeconfigError("kubeconfig " + path + ": " + file.error);
  return parseKubeconfig(file.content, path);
}

std::string findKubeconfig(const std::string& configured, const std::string& kubeconfig_env,
                           const std::string& home, std::string* tried) {
  if (!configured.empty()) return configured;
  std::error_code error;
  std::string looked_at;
  if (!kubeconfig_env.empty()) {
    // As kubectl: a set $KUBECONFIG replaces ~/.kube/config, it does not add to it.
    std::istringstream list(kubeconfig_env);
    std::string candidate;
    while (std::getline(list, candidate, ':')) {
      if (candidate.empty()) continue;
      if (std::filesystem::is_regular_file(candidate, error)) return candidate;
      looked_at += (looked_at.empty() ? "" : ", ") + candidate;
    }
    if (tried != nullptr) *tried = "$KUBECONFIG (" + looked_at + ")";
    return {};
  }
  if (!home.empty()) {
    const std::string candidate = home + "/.kube/config";
    if (std::filesystem::is_regular_file(candidate, error)) return candidate;
    looked_at = candidate;
  }
  if (tried != nullptr) *tried = looked_at.empty() ? "~/.kube/config ($HOME is unset)" : looked_at;
  return {};
}

}  // namespace lecter
