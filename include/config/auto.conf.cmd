autoconfig := include/config/auto.conf

deps_config := \
	/work/main/Kconfig \

$(autoconfig): $(deps_config)
$(deps_config): ;
