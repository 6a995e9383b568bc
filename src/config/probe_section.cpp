#include "probe_section.h"

#include <regex.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <cstring>
#include <string_view>

#include "scalar_readers.h"
#include "scalar_text.h"

namespace lecter::config_internal {
namespace {

using namespace std::string_view_literals;

// Which keys each type takes besides `type`.
constexpr std::array kHttpKeys{"method"sv,        "path"sv,          "host"sv,         "headers"sv,
                               "expect_status"sv, "body_contains"sv, "body_matches"sv, "max_body_bytes"sv};
constexpr std::array kTlsKeys{"ca_file"sv, "insecure_skip_verify"sv, "server_name"sv, "min_days_valid"sv};
constexpr std::array kGrpcKeys{"service"sv, "authority"sv};
constexpr std::array kUdpKeys{"payload"sv, "expect"sv};

constexpr std::int64_t kMaxBodyCap = 16LL * 1024 * 1024;

std::vector<std::string_view> keysOf(ProbeKind kind) {
  std::vector<std::string_view> keys{"type"};
  const auto add = [&keys](const auto& more) { keys.insert(keys.end(), more.begin(), more.end()); };
  switch (kind) {
    case ProbeKind::Http:
      add(kHttpKeys);
      break;
    case ProbeKind::Https:
      add(kHttpKeys);
      add(kTlsKeys);
      break;
    case ProbeKind::Tls:
      add(kTlsKeys);
      break;
    case ProbeKind::Grpc:
      add(kGrpcKeys);
      break;
    case ProbeKind::Udp:
      add(kUdpKeys);
      break;
    case ProbeKind::Tcp:
      break;
  }
  return keys;
}

/// The types that take `key`, for "only for type …".
std::string typesTaking(std::string_view key) {
  std::string types;
  for (std::size_t i = 0; i < kProbeKindCount; ++i) {
    const auto kind = static_cast<ProbeKind>(i);
    const std::vector<std::string_view> keys = keysOf(kind);
    if (std::find(keys.begin(), keys.end(), key) == keys.end()) continue;
    if (!types.empty()) types += " or ";
    types += toString(kind);
  }
  return types;
}

bool isPrintableWithoutSpaces(std::string_view text) {
  return std::all_of(text.begin(), text.end(), [](char c) { return c > ' ' && c != '\x7f'; });
}

bool isHeaderToken(std::string_view text) {
  constexpr std::string_view kSpecials = "!#$%&'*+-.^_`|~";
  return !text.empty() && std::all_of(text.begin(), text.end(), [&](char c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
           kSpecials.find(c) != std::string_view::npos;
  });
}

std::string readTextWithoutSpaces(const YamlValue& value, std::string_view what) {
  const std::string text = readString(value);
  if (text.empty() || !isPrintableWithoutSpaces(text)) {
    value.fail("must be " + std::string(what) + " without spaces or control characters, got " +
               value.describe());
  }
  return text;
}

StatusRange readStatusRange(const YamlValue& value) {
  constexpr std::string_view kShape = "an HTTP status (200) or a range (\"200-299\")";
  if (value.isPlainScalar()) {
    const auto status = static_cast<int>(readInteger(value, 100, 599, "an HTTP status"));
    return StatusRange{status, status};
  }
  const std::string text = value.isScalar() ? value.node().Scalar() : std::string();
  const std::size_t dash = text.find('-');
  const auto low = dash == std::string::npos ? std::nullopt : parseDecimalInteger(text.substr(0, dash));
  const auto high = dash == std::string::npos ? std::nullopt : parseDecimalInteger(text.substr(dash + 1));
  if (!low || !high || *low < 100 || *high > 599 || *low > *high) {
    value.fail("must be " + std::string(kShape) + " with statuses from 100 to 599, low to high, got " +
               value.describe());
  }
  return StatusRange{static_cast<int>(*low), static_cast<int>(*high)};
}

std::vector<StatusRange> readExpectStatus(const YamlValue& value) {
  if (!value.isList()) return {readStatusRange(value)};
  if (value.node().size() == 0) value.fail("must list at least one status or range");
  std::vector<StatusRange> ranges;
  std::size_t index = 0;
  for (const YAML::Node& element : value.node())
    ranges.push_back(readStatusRange(value.item(element, index++)));
  return ranges;
}

std::vector<std::pair<std::string, std::string>> readHeaders(const YamlValue& value) {
  const YamlMap map(value, "a mapping of header names to values");
  std::vector<std::pair<std::string, std::string>> headers;
  for (const YamlEntry& entry : map.entries()) {
    if (!isHeaderToken(entry.key)) entry.key_value.fail("is not an HTTP header name");
    std::string lower = entry.key;
    std::transform(lower.begin(), lower.end(), lower.begin(),
                   [](unsigned char c) { return std::tolower(c); });
    if (lower == "host") entry.key_value.fail("is set with the probe's `host` key, not among its headers");
    if (lower == "content-length" || lower == "transfer-encoding" || lower == "connection") {
      entry.key_value.fail("is the HTTP client's to set");
    }
    const std::string text = readString(entry.value);
    if (text.find_first_of("\r\n") != std::string::npos || text.find('\0') != std::string::npos) {
      entry.value.fail("must be one line of text");
    }
    headers.emplace_back(entry.key, text);
  }
  return headers;
}

std::string readRegex(const YamlValue& value) {
  const std::string pattern = readString(value);
  if (pattern.empty()) value.fail("must be a regular expression, got an empty one");
  regex_t regex;
  const int error = regcomp(&regex, pattern.c_str(), REG_EXTENDED | REG_NOSUB);
  if (error != 0) {
    char reason[128];
    regerror(error, &regex, reason, sizeof reason);
    value.fail(std::string("is not a POSIX extended regular expression: ") + reason);
  }
  regfree(&regex);
  return pattern;
}

std::string readCaFile(const YamlValue& value) {
  const std::string path = readString(value);
  if (path.empty()) value.fail("must be the path of a PEM file of CA certificates, got an empty value");
  if (::access(path.c_str(), R_OK) != 0) {
    value.fail("cannot read " + quotedText(path) + ": " + std::strerror(errno));
  }
  return path;
}

void readHttp(const YamlMap& map, HttpCheck& http) {
  if (const auto method = map.find("method")) {
    http.method = readChoice(*method, {"GET", "HEAD", "POST", "PUT", "DELETE", "OPTIONS", "PATCH"});
  }
  if (const auto path = map.find("path")) {
    http.path = readTextWithoutSpaces(*path, "a path starting with /");
    if (http.path.front() != '/') path->fail("must start with /, got " + path->describe());
  }
  if (const auto host = map.find("host")) http.host = readTextWithoutSpaces(*host, "a host name");
  if (const auto headers = map.find("headers")) http.headers = readHeaders(*headers);
  if (const auto expect = map.find("expect_status")) http.expect_status = readExpectStatus(*expect);
  if (const auto contains = map.find("body_contains")) {
    http.body_contains = readString(*contains);
    if (http.body_contains.empty()) contains->fail("must be the text to look for, got an empty value");
  }
  if (const auto matches = map.find("body_matches")) http.body_matches = readRegex(*matches);
  if (const auto cap = map.find("max_body_bytes")) {
    http.max_body_bytes = static_cast<std::size_t>(readInteger(*cap, 1, kMaxBodyCap, "a number of bytes"));
  }
}

void readTls(const YamlMap& map, TlsCheck& tls, std::vector<std::string>& warnings) {
  if (const auto ca = map.find("ca_file")) tls.ca_file = readCaFile(*ca);
  if (const auto name = map.find("server_name"))
    tls.server_name = readTextWithoutSpaces(*name, "a host name");
  if (const auto days = map.find("min_days_valid")) {
    tls.min_days_valid = static_cast<int>(readInteger(*days, 0, 3650, "a number of days"));
  }
  if (const auto skip = map.find("insecure_skip_verify")) {
    tls.insecure_skip_verify = readBool(*skip);
    if (tls.insecure_skip_verify) {
      warnings.push_back(skip->message(
          "certificates are not verified: any server that completes a handshake passes this probe"));
    }
  }
}

}  // namespace

std::shared_ptr<const ProbeSpec> readProbe(const YamlValue& value, std::vector<std::string>& warnings) {
  const YamlMap map(value, "a mapping with type (tcp, http, https, tls, grpc or udp) and its keys");
  const YamlValue type = map.require("type");
  auto spec = std::make_shared<ProbeSpec>();
  spec->kind = *probeKindFromString(readChoice(type, {"tcp", "http", "https", "tls", "grpc", "udp"}));
  const std::vector<std::string_view> known = keysOf(spec->kind);
  for (const YamlEntry& entry : map.entries()) {
    if (std::find(known.begin(), known.end(), entry.key) != known.end()) continue;
    if (const std::string types = typesTaking(entry.key); !types.empty()) {
      entry.key_value.fail("applies to probes of type " + types + ", not " +
                           std::string(toString(spec->kind)));
    }
  }
  map.allowOnly(known);
  switch (spec->kind) {
    case ProbeKind::Http:
      readHttp(map, spec->http);
      break;
    case ProbeKind::Https:
      readHttp(map, spec->http);
      readTls(map, spec->tls, warnings);
      break;
    case ProbeKind::Tls:
      readTls(map, spec->tls, warnings);
      break;
    case ProbeKind::Grpc:
      if (const auto service = map.find("service")) spec->grpc.service = readString(*service);
      if (const auto authority = map.find("authority")) {
        spec->grpc.authority = readTextWithoutSpaces(*authority, "a host[:port]");
      }
      break;
    case ProbeKind::Udp:
      if (const auto payload = map.find("payload")) spec->udp.payload = readString(*payload);
      if (const auto expect = map.find("expect")) spec->udp.expect_contains = readString(*expect);
      break;
    case ProbeKind::Tcp:
      break;
  }
  return spec;
}

}  // namespace lecter::config_internal
