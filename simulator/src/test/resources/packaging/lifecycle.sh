#!/bin/sh
# The package's life on a machine, for PackageLifecycleIT: install -> doctor -> run (the way the unit runs it)
# -> the command line as a member and as a stranger -> controlled stop -> purge, then install and purge again
# where the gpio group already existed. Run as root inside 'unshare --mount': /etc, /usr and /var are overlays
# whose writes land in $WORK, so the machine itself is not changed; /run is an empty tmpfs (no systemd).
# Each step's output goes to $WORK/<step>.out and its exit code to $WORK/<step>.rc.
#   DEB   the package     WORK   a directory for the overlays and the results     PORT   the simulator's TCP port
set -u

for d in etc usr var; do
    mkdir -p "$WORK/upper-$d" "$WORK/work-$d"
    mount -t overlay overlay -o "lowerdir=/$d,upperdir=$WORK/upper-$d,workdir=$WORK/work-$d" "/$d" || exit 90
done
mount -t tmpfs -o mode=0755 tmpfs /run || exit 91
cd /

step() {
    name=$1
    shift
    "$@" >"$WORK/$name.out" 2>&1
    echo $? >"$WORK/$name.rc"
}

# --- first life: a machine without a gpio group -------------------------------------------------------
step gpio-before getent group gpio
step install dpkg -i "$DEB"
step state-directory stat -c '%U %G %a' /var/lib/massaged
step doctor runuser -u massaged -- massaged doctor

printf 'device:\n  tcp:\n    host: 127.0.0.1\n    port: %s\n' "$PORT" >>/etc/massaged/config.yaml
printf 'profile: body-massager-serial\nsimulate: true\n' >/var/tmp/massaged-simulate.yaml
chmod 644 /var/tmp/massaged-simulate.yaml
step simulate runuser -u massaged -- massaged run --config /var/tmp/massaged-simulate.yaml
rm /var/tmp/massaged-simulate.yaml

# What the unit does: RuntimeDirectory=massaged (0750), UMask=0007, User/Group/SupplementaryGroups, the config.
install -d -o massaged -g massaged -m 0750 /run/massaged
(
    umask 0007
    MASSAGED_CONFIG=/etc/massaged/config.yaml exec runuser -g massaged -G dialout -G gpio -u massaged -- \
        /usr/bin/massaged run
) >"$WORK/run.out" 2>&1 &
runner=$!
i=0
until grep -q '^massaged is ready' "$WORK/run.out" 2>/dev/null; do
    i=$((i + 1))
    if [ $i -gt 600 ] || ! kill -0 $runner 2>/dev/null; then
        echo "the daemon did not get ready" >>"$WORK/run.out"
        break
    fi
    sleep 0.1
done

useradd --system --no-create-home -G massaged massaged-tester
step member-status runuser -u massaged-tester -- massaged status
step stranger-status runuser -u nobody -- massaged status
step stranger-journal runuser -u nobody -- massaged journal
step member-start runuser -u massaged-tester -- massaged start --minutes 5

# systemctl stop: SIGTERM to the daemon (the launcher exec'd java, runuser's only child).
daemon=$(pgrep -P $runner) && kill -TERM "$daemon"
wait $runner
echo $? >"$WORK/run.rc"
step member-journal runuser -u massaged-tester -- massaged journal --json
userdel massaged-tester

step purge dpkg --purge massaged
step after-user getent passwd massaged
step after-group getent group massaged
step after-gpio getent group gpio
step after-files ls -d /var/lib/massaged /etc/massaged /usr/share/massaged /usr/bin/massaged /run/massaged/control.sock
step after-dpkg dpkg-query -W -f='${db:Status-Status}' massaged

# --- second life: the machine already had a gpio group, which is not the package's to remove ---------
if ! getent group gpio >/dev/null; then
    groupadd --system gpio
fi
step second-install dpkg -i "$DEB"
step second-purge dpkg --purge massaged
step second-gpio getent group gpio
exit 0
