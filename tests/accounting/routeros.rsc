# Fixture (issue 24): a MikroTik RouterOS `/export` written by hand after the RouterOS v7 manual
# ("Configuration export", /interface bridge, /ip address, /ip firewall filter). No otlint plugin
# reads RouterOS: it must be reported as unrecognised, never as checked.
# software id = ABCD-1234
# model = RB4011iGS+
/interface bridge
add name=bridge-ot
/ip address
add address=192.0.2.1/24 interface=ether1 network=192.0.2.0
add address=10.10.1.1/24 interface=bridge-ot network=10.10.1.0
/ip firewall filter
add action=accept chain=input connection-state=established,related
add action=accept chain=forward dst-port=502 in-interface=ether1 protocol=tcp
add action=drop chain=input in-interface=ether1
