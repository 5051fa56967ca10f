//! Typed answers to operations, given without HTTP.

use std::any::{Any, TypeId};
use std::collections::HashMap;
use std::fmt;
use std::sync::{Arc, Mutex};

use crate::error::{CallError, ConstructionError};
use crate::protocol::{ErrorMetadata, Operation, ServiceError};

/// The outputs and errors a client answers with instead of calling the service: one
/// function per operation, registered with [`Stubs::on`] and given to the client with
/// [`crate::ConfigBuilder::stubs`].
///
/// A client with stubs sends nothing: it needs no region, credentials or HTTP client,
/// and a call of an operation without a stub fails with
/// [`ConstructionError::NotStubbed`]. Pagination drives stubbed calls as it drives real
/// ones. Clones share the stubs and their call counts: keep one to check
/// [`calls`](Self::calls), give another to the configuration.
#[derive(Clone, Default)]
pub struct Stubs(Arc<HashMap<TypeId, Stub>>);

struct Stub {
    name: &'static str,
    service: &'static str,
    /// A `Mutex<Answer<Op>>` for the operation's marker type `Op`.
    answer: Box<dyn Any + Send + Sync>,
}

/// A stub function of the operation `Op`.
type Respond<Op> = Box<
    dyn FnMut(
            &<Op as Operation>::Input,
        ) -> Result<<Op as Operation>::Output, <Op as Operation>::Error>
        + Send,
>;

/// An operation's stub function and how often it answered.
struct Answer<Op: Operation> {
    respond: Respond<Op>,
    calls: usize,
}

impl Stubs {
    /// No stubs: every call fails with [`ConstructionError::NotStubbed`].
    pub fn new() -> Self {
        Self::default()
    }

    /// Answers every call of the operation `Op` (its marker type, such as
    /// `sdk_devicefarm::operation::list_devices::ListDevices`) with `respond`, given
    /// the call's input; replaces an earlier stub of `Op`. The function may keep state
    /// (`FnMut`) to answer successive calls differently.
    ///
    /// # Panics
    ///
    /// When a clone of these stubs has already been given to a configuration: register
    /// every stub first.
    pub fn on<Op: Operation>(
        mut self,
        respond: impl FnMut(&Op::Input) -> Result<Op::Output, Op::Error> + Send + 'static,
    ) -> Self {
        let answer: Answer<Op> = Answer {
            respond: Box::new(respond),
            calls: 0,
        };
        let stub = Stub {
            name: Op::NAME,
            service: Op::SERVICE.service_id,
            answer: Box::new(Mutex::new(answer)),
        };
        Arc::get_mut(&mut self.0)
            .expect("register stubs before sharing them")
            .insert(TypeId::of::<Op>(), stub);
        self
    }

    /// How many calls of `Op` its stub has answered.
    pub fn calls<Op: Operation>(&self) -> usize {
        self.answer::<Op>().map_or(0, |answer| lock(answer).calls)
    }

    fn answer<Op: Operation>(&self) -> Option<&Mutex<Answer<Op>>> {
        self.0.get(&TypeId::of::<Op>())?.answer.downcast_ref()
    }

    /// The stub's answer to a call of `Op` with `input`.
    pub(crate) fn respond<Op>(&self, input: &Op::Input) -> Result<Op::Output, Op::Error>
    where
        Op: Operation,
        Op::Error: From<CallError>,
    {
        let Some(answer) = self.answer::<Op>() else {
            let error = ConstructionError::NotStubbed {
                service: Op::SERVICE.service_id,
                operation: Op::NAME,
            };
            return Err(CallError::Construction(error).into());
        };
        let mut answer = lock(answer);
        answer.calls += 1;
        (answer.respond)(input)
    }
}

/// The lock's value even if a stub function panicked while holding it: the count
/// stays whole.
fn lock<T>(mutex: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    mutex
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

impl fmt::Debug for Stubs {
    /// The operations stubbed.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut names: Vec<String> = self
            .0
            .values()
            .map(|stub| format!("{} {}", stub.service, stub.name))
            .collect();
        names.sort();
        f.debug_tuple("Stubs").field(&names).finish()
    }
}

/// A documented error as a stub returns it: the error shape `details` with metadata
/// as a service would send it (the error `code`, a `message`, HTTP status 400 and the
/// request id `stub`). Wrap it in the operation's error variant:
/// `Err(GetDeviceError::NotFoundException(service_error("NotFoundException", "no such device", NotFoundException::new())))`.
pub fn service_error<E>(code: &str, message: &str, details: E) -> ServiceError<E> {
    let meta = ErrorMetadata::new(
        Some(code.to_owned()),
        Some(message.to_owned()),
        400,
        Some("stub".to_owned()),
    );
    ServiceError::new(details, meta)
}
