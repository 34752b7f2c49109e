#!/usr/bin/env bash
# A real WooCommerce store on loopback, for the real-store tests and benchmarks.
#
#   bash scripts/real-shop.sh start        install if needed, serve, print URL and keys as JSON
#   bash scripts/real-shop.sh stop         stop the PHP server (its whole process group)
#   bash scripts/real-shop.sh reset        stop, wipe the store (folder and database), start again
#   bash scripts/real-shop.sh wipe         stop and remove the store (folder and database)
#   bash scripts/real-shop.sh status       JSON facts of the store, "running": true|false
#   bash scripts/real-shop.sh check        says which prerequisite is missing (exit 3), else 0
#   bash scripts/real-shop.sh install-deps [--optional]
#                                          installs PHP 8.2 from Debian packages (root)
#
# From the release archives of WordPress 6.8.8 and WooCommerce 10.0.2 (SWS_REAL_SHOP_ARCHIVES,
# a folder holding wordpress-6.8.8.tar.gz and woocommerce-10.0.2.tar.gz, as downloaded from
# wordpress.org), PHP 8.2's built-in server behind a router that marks requests as HTTPS, and a
# MariaDB/MySQL server. See docs/real-shop.md.
#
# Settings (environment):
#   SWS_REAL_SHOP_DIR        folder of the store (default .real-shop in the project); the script
#                            only ever wipes a folder that carries its own marker file
#   SWS_REAL_SHOP_ARCHIVES   folder of the two archives (default ../shared/vendor beside the project)
#   SWS_REAL_SHOP_PORT       port of the store on 127.0.0.1 (default 8240)
#   SWS_REAL_SHOP_WORKERS    PHP server workers (default 4)
#   SWS_REAL_SHOP_DB_HOST, _DB_PORT, _DB_USER, _DB_PASSWORD, _DB_NAME
#                            database server and the database the script owns
#                            (127.0.0.1, 3306, root, empty, sws_real_shop)
#   SWS_REAL_SHOP_PHP        the PHP binary (default php8.2, else php)
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
HERE="$ROOT/scripts/real-shop"
DIR=${SWS_REAL_SHOP_DIR:-$ROOT/.real-shop}
ARCHIVES=${SWS_REAL_SHOP_ARCHIVES:-$ROOT/../shared/vendor}
PORT=${SWS_REAL_SHOP_PORT:-8240}
WORKERS=${SWS_REAL_SHOP_WORKERS:-4}
DB_HOST=${SWS_REAL_SHOP_DB_HOST:-127.0.0.1}
DB_PORT=${SWS_REAL_SHOP_DB_PORT:-3306}
DB_USER=${SWS_REAL_SHOP_DB_USER:-root}
DB_PASSWORD=${SWS_REAL_SHOP_DB_PASSWORD:-}
DB_NAME=${SWS_REAL_SHOP_DB_NAME:-sws_real_shop}
WP_ARCHIVE=wordpress-6.8.8.tar.gz
WC_ARCHIVE=woocommerce-10.0.2.tar.gz
MARKER="$DIR/.sws-real-shop"
FACTS="$DIR/store.json"
PIDFILE="$DIR/server.pid"
WP="$DIR/wordpress"
URL="https://127.0.0.1:$PORT"
PLUGIN_SRC="$ROOT/shop-plugin/sage-woo-sync"

die() { echo "real-shop: $*" >&2; exit "${2:-1}"; }
say() { echo "real-shop: $*" >&2; }

php_bin() {
  if [ -n "${SWS_REAL_SHOP_PHP:-}" ]; then echo "$SWS_REAL_SHOP_PHP"
  elif command -v php8.2 >/dev/null 2>&1; then echo php8.2
  elif command -v php >/dev/null 2>&1; then echo php
  else echo ""; fi
}

# MariaDB through PHP's mysqli: no mysql client needed, and it proves the driver WordPress uses.
sql() {
  SWS_SQL="$1" SWS_DB_HOST="$DB_HOST" SWS_DB_PORT="$DB_PORT" SWS_DB_USER="$DB_USER" \
    SWS_DB_PASSWORD="$DB_PASSWORD" "$(php_bin)" -r '
    mysqli_report(MYSQLI_REPORT_OFF);
    $db = @new mysqli(getenv("SWS_DB_HOST"), getenv("SWS_DB_USER"), getenv("SWS_DB_PASSWORD"), "", (int) getenv("SWS_DB_PORT"));
    if ($db->connect_errno) { fwrite(STDERR, $db->connect_error . "\n"); exit(4); }
    $r = $db->query(getenv("SWS_SQL"));
    if ($r === false) { fwrite(STDERR, $db->error . "\n"); exit(5); }
    if ($r instanceof mysqli_result) { while ($row = $r->fetch_row()) echo implode("\t", $row), "\n"; }'
}

# Prints the first missing prerequisite and returns 3, or returns 0.
missing() {
  local php; php=$(php_bin)
  if [ -z "$php" ]; then echo "PHP 8.2 is not installed (bash scripts/real-shop.sh install-deps)"; return 3; fi
  if ! "$php" -r 'exit(PHP_VERSION_ID >= 80100 ? 0 : 1);'; then echo "$php is older than PHP 8.1"; return 3; fi
  for ext in mysqli curl mbstring xml; do
    if ! "$php" -m | grep -ix "$ext" >/dev/null; then echo "the PHP extension $ext is missing (bash scripts/real-shop.sh install-deps)"; return 3; fi
  done
  for a in "$WP_ARCHIVE" "$WC_ARCHIVE"; do
    if [ ! -f "$ARCHIVES/$a" ]; then echo "$ARCHIVES/$a not found (set SWS_REAL_SHOP_ARCHIVES to the folder of the wordpress.org archives)"; return 3; fi
  done
  if ! sql 'SELECT 1' >/dev/null 2>&1; then echo "no database server at $DB_HOST:$DB_PORT for user $DB_USER (SWS_REAL_SHOP_DB_*)"; return 3; fi
  return 0
}

running_pid() {
  [ -f "$PIDFILE" ] || return 1
  local pid; pid=$(cat "$PIDFILE")
  kill -0 "$pid" 2>/dev/null && echo "$pid"
}

stop_server() {
  local pid
  if pid=$(running_pid); then
    # The server was started as the leader of its own session: its workers share its group.
    kill -TERM -- "-$pid" 2>/dev/null || true
    for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -KILL -- "-$pid" 2>/dev/null || true
    say "stopped (process group $pid)"
  fi
  rm -f "$PIDFILE"
}

wipe() {
  if [ -e "$DIR" ] && [ ! -f "$MARKER" ]; then
    die "$DIR exists and was not created by this script: refusing to wipe it" 2
  fi
  stop_server
  if [ -f "$MARKER" ]; then
    local db; db=$(sed -n 's/^db=//p' "$MARKER")
    [ -n "$db" ] && sql "DROP DATABASE IF EXISTS \`$db\`"
  fi
  rm -rf "$DIR"
}

write_config() {
  local salts; salts=$("$(php_bin)" -r 'foreach (["AUTH_KEY","SECURE_AUTH_KEY","LOGGED_IN_KEY","NONCE_KEY","AUTH_SALT","SECURE_AUTH_SALT","LOGGED_IN_SALT","NONCE_SALT"] as $k) printf("define(%s, %s);\n", var_export($k, true), var_export(bin2hex(random_bytes(32)), true));')
  cat > "$WP/wp-config.php" <<PHP
<?php
// Written by scripts/real-shop.sh for a local test store.
define( 'DB_NAME', '$DB_NAME' );
define( 'DB_USER', '$DB_USER' );
define( 'DB_PASSWORD', '$DB_PASSWORD' );
define( 'DB_HOST', '$DB_HOST:$DB_PORT' );
define( 'DB_CHARSET', 'utf8mb4' );
define( 'DB_COLLATE', '' );
$salts
\$table_prefix = 'wp_';
define( 'WP_DEBUG', true );
define( 'WP_DEBUG_LOG', '$DIR/debug.log' );
define( 'WP_DEBUG_DISPLAY', false );
define( 'WP_ENVIRONMENT_TYPE', 'local' );
define( 'AUTOMATIC_UPDATER_DISABLED', true );
define( 'WP_AUTO_UPDATE_CORE', false );
define( 'DISALLOW_FILE_MODS', true );
define( 'WP_HTTP_BLOCK_EXTERNAL', true );
define( 'WP_ACCESSIBLE_HOSTS', '127.0.0.1,localhost' );
if ( ! defined( 'ABSPATH' ) ) {
	define( 'ABSPATH', __DIR__ . '/' );
}
require_once ABSPATH . 'wp-settings.php';
PHP
}

install_store() {
  local why
  if ! why=$(missing); then die "$why" 3; fi
  if [ -e "$DIR" ] && [ ! -f "$MARKER" ]; then
    die "$DIR exists and was not created by this script: refusing to install into it" 2
  fi
  if [ -n "$(sql "SHOW DATABASES LIKE '$DB_NAME'")" ]; then
    die "database $DB_NAME already exists and this script did not create it in $DIR: drop it or set SWS_REAL_SHOP_DB_NAME" 2
  fi
  local t0=$SECONDS
  mkdir -p "$DIR"
  printf 'created-by=sage-woo-sync scripts/real-shop.sh\ndb=%s\n' "$DB_NAME" > "$MARKER"
  sql "CREATE DATABASE \`$DB_NAME\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci"
  tar xzf "$ARCHIVES/$WP_ARCHIVE" -C "$DIR"
  tar xzf "$ARCHIVES/$WC_ARCHIVE" -C "$WP/wp-content/plugins"
  mkdir -p "$WP/wp-content/mu-plugins"
  cp "$HERE/mu-plugin.php" "$WP/wp-content/mu-plugins/sws-test-store-environment.php"
  write_config
  link_shop_plugin

  local ck cs admin
  ck="ck_$("$(php_bin)" -r 'echo bin2hex(random_bytes(20));')"
  cs="cs_$("$(php_bin)" -r 'echo bin2hex(random_bytes(20));')"
  admin=$("$(php_bin)" -r 'echo bin2hex(random_bytes(12));')
  local out
  SWS_SHOP_WP="$WP" SWS_SHOP_URL="$URL" SWS_SHOP_ADMIN_PASSWORD="$admin" \
    "$(php_bin)" -d memory_limit=512M "$HERE/install.php" core >/dev/null
  out=$(SWS_SHOP_WP="$WP" SWS_SHOP_URL="$URL" SWS_SHOP_CONSUMER_KEY="$ck" SWS_SHOP_CONSUMER_SECRET="$cs" \
    "$(php_bin)" -d memory_limit=512M "$HERE/install.php" shop | tail -n 1)
  SWS_OUT="$out" SWS_CK="$ck" SWS_CS="$cs" SWS_ADMIN="$admin" SWS_DIR="$DIR" SWS_DB="$DB_NAME" \
    SWS_SECONDS=$((SECONDS - t0)) "$(php_bin)" -r '
    $facts = json_decode(getenv("SWS_OUT"), true);
    if (!is_array($facts)) { fwrite(STDERR, "real-shop: installer said: " . getenv("SWS_OUT") . "\n"); exit(1); }
    $facts += ["consumerKey" => getenv("SWS_CK"), "consumerSecret" => getenv("SWS_CS"),
      "adminUser" => "admin", "adminPassword" => getenv("SWS_ADMIN"), "dir" => getenv("SWS_DIR"),
      "database" => getenv("SWS_DB"), "installSeconds" => (int) getenv("SWS_SECONDS")];
    file_put_contents(getenv("SWS_DIR") . "/store.json", json_encode($facts, JSON_PRETTY_PRINT | JSON_UNESCAPED_SLASHES) . "\n");'
  chmod 600 "$FACTS"
  # Notices of the install itself are WordPress's and WooCommerce's; the log starts clean so a
  # test can tell what the store said while it served.
  : > "$DIR/debug.log"
}

link_shop_plugin() {
  # The project's shop plugin, when the repository has it: linked, so edits are live.
  [ -d "$PLUGIN_SRC" ] || return 0
  ln -sfn "$PLUGIN_SRC" "$WP/wp-content/plugins/sage-woo-sync"
}

serve() {
  if running_pid >/dev/null; then return 0; fi
  local php; php=$(php_bin)
  if (exec 3<>"/dev/tcp/127.0.0.1/$PORT") 2>/dev/null; then
    die "port $PORT is already in use on 127.0.0.1 (SWS_REAL_SHOP_PORT)" 2
  fi
  # The URL is stored in the database: follow a port change.
  SWS_SHOP_WP="$WP" SWS_SHOP_URL="$URL" "$php" "$HERE/install.php" url >/dev/null
  PHP_CLI_SERVER_WORKERS=$WORKERS setsid "$php" \
    -d memory_limit=512M -d opcache.enable=1 -d opcache.enable_cli=1 -d opcache.validate_timestamps=1 \
    -d max_execution_time=120 -d upload_max_filesize=32M -d post_max_size=32M \
    -S "127.0.0.1:$PORT" -t "$WP" "$HERE/router.php" >"$DIR/server.log" 2>&1 < /dev/null &
  echo $! > "$PIDFILE"
  for _ in $(seq 1 100); do
    if curl -fsS -o /dev/null "http://127.0.0.1:$PORT/wp-json/" 2>/dev/null; then return 0; fi
    running_pid >/dev/null || die "the PHP server exited: $(tail -n 5 "$DIR/server.log")"
    sleep 0.1
  done
  die "the store did not answer on port $PORT within 10 s: $(tail -n 5 "$DIR/server.log")"
}

print_facts() {
  local state=false
  running_pid >/dev/null && state=true
  SWS_FACTS="$FACTS" SWS_URL="$URL" SWS_RUNNING=$state SWS_PID="$(cat "$PIDFILE" 2>/dev/null || true)" \
    "$(php_bin)" -r '
    $f = json_decode(file_get_contents(getenv("SWS_FACTS")), true);
    $f = ["url" => getenv("SWS_URL"), "restUrl" => str_replace("https://", "http://", getenv("SWS_URL")),
      "running" => getenv("SWS_RUNNING") === "true", "pid" => (int) getenv("SWS_PID")] + $f;
    echo json_encode($f, JSON_PRETTY_PRINT | JSON_UNESCAPED_SLASHES), "\n";'
}

case "${1:-}" in
  install-deps)
    # --optional (npm run setup): where PHP cannot be installed, say so and go on; the
    # real-store suite then skips itself with the reason.
    optional=false; [ "${2:-}" = "--optional" ] && optional=true
    php=$(php_bin)
    if [ -n "$php" ] && "$php" -m | grep -ix mysqli >/dev/null && "$php" -m | grep -ix curl >/dev/null; then exit 0; fi
    if ! command -v apt-get >/dev/null || [ "$(id -u)" != 0 ]; then
      $optional && { say "PHP 8.2 not installed (needs root and apt-get): the real-store suite will be skipped"; exit 0; }
      die "installing PHP 8.2 needs root and apt-get: install php8.2-cli php8.2-mysql php8.2-curl php8.2-mbstring php8.2-xml by hand"
    fi
    say "installing PHP 8.2 from Debian packages"
    if ! { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
      php8.2-cli php8.2-mysql php8.2-curl php8.2-mbstring php8.2-xml php8.2-gd php8.2-zip php8.2-intl php8.2-bcmath >/dev/null; }; then
      $optional && { say "PHP 8.2 could not be installed: the real-store suite will be skipped"; exit 0; }
      die "apt-get could not install PHP 8.2"
    fi
    ;;
  check)
    if why=$(missing); then echo "ready"; else echo "$why"; exit 3; fi
    ;;
  start)
    if [ ! -f "$FACTS" ]; then
      [ -e "$DIR" ] && [ -f "$MARKER" ] && wipe   # a half-done install
      install_store
    fi
    link_shop_plugin
    serve
    print_facts
    ;;
  stop)
    stop_server
    ;;
  reset)
    wipe
    install_store
    link_shop_plugin
    serve
    print_facts
    ;;
  wipe)
    wipe
    ;;
  status)
    [ -f "$FACTS" ] || die "no store in $DIR (bash scripts/real-shop.sh start)" 3
    print_facts
    ;;
  *)
    sed -n '2,11p' "$0" >&2
    exit 2
    ;;
esac
